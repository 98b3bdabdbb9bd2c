/*
 * "Insert picture" in the story body's editor (a django-prose-editor extension module, see
 * DJANGO_PROSE_EDITOR_EXTENSIONS): the button opens the picture chooser (photo_chooser.js) and puts
 * the chosen library picture into the body as
 *
 *   <figure data-embed="photo" data-photo="<photo id>"></figure>
 *
 * (with ``data-caption`` when the story gives the picture a caption of its own, typed in the
 * figure's "Caption in this story" field), the form articles/reader/embeds.py describes; the site
 * renders it with the picture's srcset, caption (this story's, else the photo's) and credit. In the
 * editor it shows the picture's thumbnail and caption.
 */
import { gettext, mergeAttributes, Node } from "django-prose-editor/editor"

export const PhotoEmbed = Node.create({
  name: "photoEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      photo: { default: null, parseHTML: (element) => element.getAttribute("data-photo") },
      caption: { default: null, parseHTML: (element) => element.getAttribute("data-caption") || null },
    }
  },

  parseHTML() {
    return [{ tag: 'figure[data-embed="photo"]' }]
  },

  renderHTML({ node }) {
    const attributes = { "data-embed": "photo", "data-photo": node.attrs.photo }
    if (node.attrs.caption) attributes["data-caption"] = node.attrs.caption
    return ["figure", mergeAttributes(attributes)]
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      const dom = document.createElement("figure")
      dom.className = "photo-embed"
      dom.contentEditable = "false"
      dom.setAttribute("data-embed", "photo")
      dom.setAttribute("data-photo", node.attrs.photo)
      const picture = document.createElement("img")
      picture.alt = ""
      picture.hidden = true
      const words = document.createElement("div")
      words.className = "photo-embed__words"
      const caption = document.createElement("figcaption")
      caption.textContent = node.attrs.caption || `${gettext("Picture")} #${node.attrs.photo}`
      // This story's own caption for the picture (data-caption); empty, readers get the photo's own.
      const label = document.createElement("label")
      label.className = "photo-embed__caption"
      label.textContent = gettext("Caption in this story")
      const input = document.createElement("input")
      input.type = "text"
      input.maxLength = 1000
      input.value = node.attrs.caption || ""
      input.placeholder = gettext("The photo's own caption")
      label.append(input)
      words.append(caption, label)
      dom.append(picture, words)

      const keep = () => {
        const position = getPos()
        const typed = input.value.replace(/\s+/g, " ").trim() || null
        if (typeof position !== "number" || typed === (node.attrs.caption || null)) return
        editor.view.dispatch(editor.view.state.tr.setNodeMarkup(position, undefined, { ...node.attrs, caption: typed }))
      }
      input.addEventListener("change", keep)
      input.addEventListener("keydown", (event) => {
        // Enter keeps the caption; in a form field it would send the whole story form.
        if (event.key === "Enter") {
          event.preventDefault()
          keep()
        }
      })

      const chooser = window.NewsroomPhotoChooser
      if (chooser && node.attrs.photo) {
        chooser.describe(node.attrs.photo).then((photo) => {
          if (!photo) return
          picture.src = photo.thumbnail
          picture.hidden = false
          const own = [photo.caption, photo.credit].filter(Boolean).join(" · ")
          if (!node.attrs.caption) caption.textContent = own
          input.placeholder = photo.caption || input.placeholder
        })
      }
      return {
        dom,
        // Typing in the caption field is the field's, not the editor's.
        stopEvent: (event) => event.target === input,
        ignoreMutation: () => true,
      }
    }
  },

  addCommands() {
    return {
      insertPhotoEmbed:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }),
      choosePhotoEmbed:
        () =>
        ({ editor }) => {
          window.NewsroomPhotoChooser.open({
            onChoose: (photo) => {
              editor.chain().focus().insertPhotoEmbed({ photo: String(photo.id) }).run()
            },
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "photoEmbed",
      groups: "embeds",
      command: (editor) => editor.commands.choosePhotoEmbed(),
      enabled: () => Boolean(window.NewsroomPhotoChooser),
      button: buttons.material("image", gettext("Insert picture")),
    })
  },
})
