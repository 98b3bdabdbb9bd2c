/*
 * Paste from Word into the story body: Word puts a bulleted or numbered list on the clipboard as
 * paragraphs styled "mso-list:l0 level1 lfo1", each starting with its bullet ("·", "o", "1.") between
 * <!--[if !supportLists]--> and <!--[endif]-->. The editor would keep them as paragraphs starting
 * with "·"; this turns them into real lists before the editor reads the paste, takes headings into
 * the body's levels (h2-h4: a document's Heading 1 is h2 under the story's headline) and drops
 * Word's empty spacer paragraphs. Of Google Docs' paste the editor's own rules already ignore the
 * <b style="font-weight:normal"> wrapper and read styled spans as bold and italic; here the wrapper
 * goes all the same, its links lose their underline style and the line breaks it puts between blocks go.
 * The server does the same on save (articles/office_paste.py) for HTML that arrives by other ways.
 */
import { Extension, Plugin } from "django-prose-editor/editor"

const OFFICE_MARKS = ["mso-", "urn:schemas-microsoft-com", 'class="Mso', "class=Mso", "docs-internal-guid"]
const NUMBERED_MARKER = /^\(?(\d{1,4}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,8})[.)]$/
const DEEPEST_HEADING = 4

function listStyle(element) {
  const found = /mso-list\s*:\s*([^;"]*)/i.exec(element.getAttribute("style") || "")
  return found ? found[1].trim() : null
}

function isListParagraph(element) {
  const style = listStyle(element)
  return element.tagName === "P" && style !== null && style.toLowerCase() !== "ignore"
}

// Remove the bullet or number Word writes before an item's text, and return it.
function takeMarker(paragraph) {
  const marker = []
  let inside = false
  for (const child of Array.from(paragraph.childNodes)) {
    if (child.nodeType === Node.COMMENT_NODE) {
      const text = child.data.trim().toLowerCase()
      if (text.startsWith("[if !supportlists]")) inside = true
      else if (text.startsWith("[endif]")) inside = false
      child.remove()
    } else if (inside) {
      marker.push(child.textContent)
      child.remove()
    }
  }
  for (const span of Array.from(paragraph.querySelectorAll("span"))) {
    if (/mso-list\s*:\s*ignore/i.test(span.getAttribute("style") || "")) {
      marker.push(span.textContent)
      span.remove()
    }
  }
  const first = paragraph.firstChild
  if (first && first.nodeType === Node.TEXT_NODE) first.data = first.data.replace(/^[\s\u00a0]+/, "")
  return marker.join("").replace(/\u00a0/g, " ").trim()
}

function buildList(paragraphs) {
  const stack = [] // { level, listId, list }
  for (const paragraph of paragraphs) {
    const style = listStyle(paragraph)
    const level = Number((/\blevel(\d{1,2})\b/.exec(style) || [null, "1"])[1])
    const listId = (/\bl(\d{1,5})\b/.exec(style) || [null, ""])[1]
    const marker = takeMarker(paragraph)
    while (stack.length && stack[stack.length - 1].level > level) stack.pop()
    if (stack.length && stack[stack.length - 1].level === level && stack[stack.length - 1].listId !== listId) {
      stack.pop()
    }
    if (!stack.length || stack[stack.length - 1].level < level) {
      const list = document.createElement(NUMBERED_MARKER.test(marker) ? "ol" : "ul")
      if (stack.length) {
        const parent = stack[stack.length - 1].list
        ;(parent.lastElementChild || parent).append(list)
      } else {
        paragraph.before(list)
      }
      stack.push({ level, listId, list })
    }
    const item = document.createElement("li")
    item.append(...paragraph.childNodes)
    stack[stack.length - 1].list.append(item)
    paragraph.remove()
  }
}

function wordLists(body) {
  let run = []
  for (const paragraph of Array.from(body.querySelectorAll("p"))) {
    if (!isListParagraph(paragraph)) continue
    const previous = run[run.length - 1]
    if (previous && previous.nextElementSibling !== paragraph) {
      buildList(run)
      run = []
    }
    run.push(paragraph)
  }
  if (run.length) buildList(run)
}

function headingsWithinLevels(body) {
  const headings = Array.from(body.querySelectorAll("h1, h2, h3, h4, h5, h6"))
  const shift = headings.some((heading) => heading.tagName === "H1") ? 1 : 0
  for (const heading of headings) {
    const level = Math.min(Number(heading.tagName[1]) + shift, DEEPEST_HEADING)
    if (level === Number(heading.tagName[1])) continue
    const renamed = document.createElement(`h${level}`)
    renamed.append(...heading.childNodes)
    heading.replaceWith(renamed)
  }
}

// Google Docs underlines its links with a style, which the editor would keep as underlined text;
// and it puts line breaks between blocks as spacing.
function dropDocsSpacing(body) {
  for (const wrapper of Array.from(body.querySelectorAll('b[id^="docs-internal-guid"]'))) {
    wrapper.replaceWith(...wrapper.childNodes)
  }
  for (const span of Array.from(body.querySelectorAll("a span[style]"))) span.style.textDecoration = ""
  for (const lineBreak of Array.from(body.children)) if (lineBreak.tagName === "BR") lineBreak.remove()
}

function dropEmptyParagraphs(body) {
  for (const paragraph of Array.from(body.querySelectorAll("p"))) {
    if (/^[\s\u00a0]*$/.test(paragraph.textContent) && !paragraph.querySelector("img, br")) paragraph.remove()
  }
}

export function structureOnly(html) {
  if (!OFFICE_MARKS.some((mark) => html.includes(mark))) return html
  const body = new DOMParser().parseFromString(html, "text/html").body
  wordLists(body)
  headingsWithinLevels(body)
  dropDocsSpacing(body)
  dropEmptyParagraphs(body)
  return body.innerHTML
}

export const OfficePaste = Extension.create({
  name: "officePaste",

  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: (html) => structureOnly(html) } })]
  },
})
