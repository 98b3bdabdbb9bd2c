/*
 * "Insert picture" in the story body's editor (a django-prose-editor extension module, see
 * DJANGO_PROSE_EDITOR_EXTENSIONS): the button opens the picture chooser (photo_chooser.js) and puts
 * the chosen library picture into the body as
 *
 *   <figure data-embed="photo" data-photo="<photo id>"></figure>
 *
 * (with ``data-caption`` kept when a story already gives one), the form articles/reader/embeds.py
 * describes; the site renders it with the picture's srcset, caption and credit. In the editor it
 * shows the picture's thumbnail and caption.
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
    return ({ node }) => {
      const dom = document.createElement("figure")
      dom.className = "photo-embed"
      dom.contentEditable = "false"
      dom.setAttribute("data-embed", "photo")
      dom.setAttribute("data-photo", node.attrs.photo)
      const picture = document.createElement("img")
      picture.alt = ""
      picture.hidden = true
      const caption = document.createElement("figcaption")
      caption.textContent = node.attrs.caption || `${gettext("Picture")} #${node.attrs.photo}`
      dom.append(picture, caption)
      const chooser = window.NewsroomPhotoChooser
      if (chooser && node.attrs.photo) {
        chooser.describe(node.attrs.photo).then((photo) => {
          if (!photo) return
          picture.src = photo.thumbnail
          picture.hidden = false
          if (!node.attrs.caption) caption.textContent = [photo.caption, photo.credit].filter(Boolean).join(" · ")
        })
      }
      return { dom }
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
