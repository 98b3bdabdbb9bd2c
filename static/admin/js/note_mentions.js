/*
 * "@" suggestions in the story's notes (templates/admin/articles/story/_notes.html): typing "@" and
 * the start of a name in a note or a reply lists the colleagues who may read notes (the page's
 * #note-mention-people, from articles.services.notes.people_to_mention); ArrowDown/ArrowUp move,
 * Enter or Tab puts "@username " in place, Escape closes. A mention is only text: the server
 * notifies whoever it names when the note is posted.
 */
;(() => {
  const data = document.getElementById("note-mention-people")
  if (!data) return
  const people = JSON.parse(data.textContent)
  const MAX = 8
  const list = document.createElement("ul")
  list.className = "note-mentions"
  list.id = "note-mentions"
  list.setAttribute("role", "listbox")
  list.hidden = true
  document.body.append(list)
  let field = null
  let shown = []
  let active = 0

  // The "@partial" just before the caret, or null.
  const typedMention = (textarea) => {
    const before = textarea.value.slice(0, textarea.selectionStart)
    const match = /(?:^|[^\w@])@([\w.@+-]*)$/.exec(before)
    return match ? { start: before.length - match[1].length - 1, partial: match[1].toLowerCase() } : null
  }

  const close = () => {
    list.hidden = true
    shown = []
    if (field) field.removeAttribute("aria-activedescendant")
  }

  const highlight = (index) => {
    active = index
    list.querySelectorAll("li").forEach((item, position) => item.setAttribute("aria-selected", String(position === index)))
    if (field && shown.length) field.setAttribute("aria-activedescendant", `note-mention-${index}`)
  }

  const open = (textarea) => {
    const mention = typedMention(textarea)
    if (!mention) return close()
    shown = people
      .filter((person) => person.username.toLowerCase().startsWith(mention.partial) || person.name.toLowerCase().split(/\s+/).some((word) => word.startsWith(mention.partial)))
      .slice(0, MAX)
    if (!shown.length) return close()
    field = textarea
    list.replaceChildren(
      ...shown.map((person, index) => {
        const item = document.createElement("li")
        item.id = `note-mention-${index}`
        item.setAttribute("role", "option")
        item.textContent = `@${person.username}`
        if (person.name) {
          const name = document.createElement("span")
          name.className = "note-mention-name"
          name.textContent = person.name
          item.append(name)
        }
        // mousedown, not click: the textarea keeps its focus and its caret.
        item.addEventListener("mousedown", (event) => {
          event.preventDefault()
          choose(index)
        })
        return item
      }),
    )
    const box = textarea.getBoundingClientRect()
    list.style.left = `${box.left + window.scrollX}px`
    list.style.top = `${box.bottom + window.scrollY + 2}px`
    list.hidden = false
    textarea.setAttribute("aria-controls", list.id)
    highlight(0)
  }

  const choose = (index) => {
    const mention = field && typedMention(field)
    const person = shown[index]
    if (!mention || !person) return close()
    const caret = field.selectionStart
    const inserted = `@${person.username} `
    field.value = field.value.slice(0, mention.start) + inserted + field.value.slice(caret)
    field.selectionStart = field.selectionEnd = mention.start + inserted.length
    field.dispatchEvent(new Event("input", { bubbles: true }))
    close()
  }

  document.addEventListener("input", (event) => {
    if (event.target.matches(".story-notes textarea")) open(event.target)
  })
  document.addEventListener("keydown", (event) => {
    if (list.hidden || event.target !== field) return
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault()
      const step = event.key === "ArrowDown" ? 1 : shown.length - 1
      highlight((active + step) % shown.length)
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault()
      choose(active)
    } else if (event.key === "Escape") {
      event.preventDefault()
      close()
    }
  })
  document.addEventListener("focusout", (event) => {
    if (event.target === field) close()
  })
})()
