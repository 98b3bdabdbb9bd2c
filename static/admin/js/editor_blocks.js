/*
 * The story body's own blocks in the editor (django-prose-editor extension modules, see
 * DJANGO_PROSE_EDITOR_EXTENSIONS): a pull quote, a fact box and a video or social post embedded by
 * its address. Each is stored in the form articles/reader/embeds.py describes; the server's
 * sanitizer keeps exactly that form and drops anything else, so these only make it easy to write.
 * Their buttons are in the menu's "embeds" group.
 */
import { gettext, mergeAttributes, Node, updateAttrsDialog } from "django-prose-editor/editor"

// The providers and the addresses of one post or video, as articles/embeds.py recognises them (the
// server decides again on save; this only tells the editor at once when an address will not do).
const ACCOUNT = "[A-Za-z0-9_.]{1,40}"
const PROVIDERS = [
  {
    slug: "youtube", name: "YouTube", kind: "video",
    hosts: ["youtube.com", "youtu.be", "youtube-nocookie.com"],
    matches: (host, path, query) =>
      host === "youtu.be"
        ? /^\/[A-Za-z0-9_-]{11}\/?$/.test(path)
        : /^\/watch\/?$/.test(path)
          ? query.getAll("v").length === 1 && /^[A-Za-z0-9_-]{11}$/.test(query.get("v"))
          : /^\/(embed|shorts|live|v)\/[A-Za-z0-9_-]{11}\/?$/.test(path),
  },
  {
    slug: "vimeo", name: "Vimeo", kind: "video", hosts: ["vimeo.com", "player.vimeo.com"],
    matches: (host, path) =>
      new RegExp("^/(video/)?\\d{1,12}(/[0-9a-f]{6,20})?/?$").test(path) &&
      (host === "player.vimeo.com") === path.startsWith("/video/"),
  },
  {
    slug: "x", name: "X", kind: "social", hosts: ["x.com", "twitter.com"],
    matches: (host, path) => new RegExp(`^/${ACCOUNT}/status(es)?/\\d{1,20}(/.*)?$`).test(path),
  },
  {
    slug: "instagram", name: "Instagram", kind: "social", hosts: ["instagram.com"],
    matches: (host, path) => new RegExp(`^(/${ACCOUNT})?/(p|reel|tv)/[A-Za-z0-9_-]{5,40}/?$`).test(path),
  },
  {
    slug: "facebook", name: "Facebook", kind: "social", hosts: ["facebook.com"],
    matches: (host, path, query) =>
      /^\/[A-Za-z0-9.-]{1,80}\/(posts|videos)\/[A-Za-z0-9]{1,40}\/?$/.test(path) ||
      /^\/reel\/\d{1,20}\/?$/.test(path) ||
      (/^\/watch\/?$/.test(path) && /^\d{1,20}$/.test(query.get("v") || "")) ||
      (path === "/permalink.php" && /^[A-Za-z0-9]{1,40}$/.test(query.get("story_fbid") || "") &&
        /^\d{1,20}$/.test(query.get("id") || "")),
  },
  {
    slug: "tiktok", name: "TikTok", kind: "social", hosts: ["tiktok.com"],
    matches: (host, path) => new RegExp(`^/@${ACCOUNT}/video/\\d{1,20}/?$`).test(path),
  },
]
const HOST_PREFIXES = ["www.", "m.", "mobile.", "web."]
const MAX_URL_LENGTH = 500

export function recognisePost(address) {
  const text = (address || "").trim()
  if (!text || text.length > MAX_URL_LENGTH || /\s/.test(text)) return null
  let url
  try {
    url = new URL(text)
  } catch {
    return null
  }
  if (!["http:", "https:"].includes(url.protocol) || url.port || url.username || url.password) return null
  let host = url.hostname.toLowerCase()
  const prefix = HOST_PREFIXES.find((start) => host.startsWith(start))
  if (prefix) host = host.slice(prefix.length)
  const provider = PROVIDERS.find((candidate) => candidate.hosts.includes(host))
  if (!provider || !provider.matches(host, url.pathname, url.searchParams)) return null
  return { provider: provider.slug, name: provider.name, kind: provider.kind, url: text }
}

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "paragraph+",
  defining: true,

  parseHTML() {
    return [{ tag: 'aside[data-embed="pullquote"]' }]
  },

  renderHTML() {
    return ["aside", { "data-embed": "pullquote" }, 0]
  },

  addCommands() {
    return {
      togglePullQuote:
        () =>
        ({ commands }) =>
          commands.toggleWrap(this.name),
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "pullQuote",
      groups: "embeds",
      command: (editor) => editor.chain().focus().togglePullQuote().run(),
      button: buttons.material("record_voice_over", gettext("Pull quote")),
      active: (editor) => editor.isActive(this.name),
    })
  },
})

export const FactBox = Node.create({
  name: "factBox",
  group: "block",
  content: "block+",
  defining: true,

  parseHTML() {
    return [{ tag: 'aside[data-embed="factbox"]' }]
  },

  renderHTML() {
    return ["aside", { "data-embed": "factbox" }, 0]
  },

  addCommands() {
    return {
      // Inside a fact box: take its content out of the box. Elsewhere: a new box with a title to
      // type over and a list to fill, where the cursor is.
      toggleFactBox:
        () =>
        ({ editor, commands }) => {
          if (editor.isActive(this.name)) return commands.lift(this.name)
          return commands.insertContent({
            type: this.name,
            content: [
              { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: gettext("Fact box") }] },
              { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
            ],
          })
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "factBox",
      groups: "embeds",
      command: (editor) => editor.chain().focus().toggleFactBox().run(),
      button: buttons.material("info", gettext("Fact box")),
      active: (editor) => editor.isActive(this.name),
    })
  },
})

const postDialog = (attrs, problem) =>
  updateAttrsDialog(
    {
      url: {
        type: "string",
        title: gettext("Address of the video or post"),
        description: problem || gettext("YouTube, Vimeo, X, Instagram, Facebook or TikTok"),
        required: true,
      },
    },
    { title: gettext("Embed a video or post"), submitText: gettext("Embed") },
  )

async function askForPost(editor, attrs) {
  let problem = null
  let values = { url: attrs.url || "" }
  for (;;) {
    values = await postDialog(values, problem)(editor, values)
    if (!values) return null
    const post = recognisePost(values.url)
    if (post) return post
    problem = gettext("This is not the address of one video or post on those sites. Copy it from the post's own page.")
  }
}

export const PostEmbed = Node.create({
  name: "postEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      kind: { default: "video", parseHTML: (element) => element.getAttribute("data-embed") },
      provider: { default: "", parseHTML: (element) => element.getAttribute("data-provider") || "" },
      url: { default: "", parseHTML: (element) => element.getAttribute("data-url") || "" },
    }
  },

  parseHTML() {
    return [{ tag: 'figure[data-embed="video"]' }, { tag: 'figure[data-embed="social"]' }]
  },

  // What is stored: an empty figure the site turns into a click-to-load card.
  renderHTML({ node }) {
    return [
      "figure",
      mergeAttributes({
        "data-embed": node.attrs.kind,
        "data-provider": node.attrs.provider,
        "data-url": node.attrs.url,
      }),
    ]
  },

  // What the editor shows: which provider, and the address.
  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure")
      dom.className = "story-post-embed"
      dom.contentEditable = "false"
      dom.setAttribute("data-embed", node.attrs.kind)
      const post = recognisePost(node.attrs.url)
      const title = document.createElement("strong")
      title.textContent =
        node.attrs.kind === "social"
          ? interpolate(gettext("Post on %s"), [post ? post.name : node.attrs.provider])
          : interpolate(gettext("Video on %s"), [post ? post.name : node.attrs.provider])
      const address = document.createElement("span")
      address.textContent = node.attrs.url
      dom.append(title, " ", address)
      return { dom }
    }
  },

  addCommands() {
    return {
      addPostEmbed:
        () =>
        ({ editor }) => {
          askForPost(editor, {}).then((post) => {
            if (post) {
              editor
                .chain()
                .focus()
                .insertContent({ type: this.name, attrs: { kind: post.kind, provider: post.provider, url: post.url } })
                .run()
            }
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "postEmbed",
      groups: "embeds",
      command: (editor) => editor.commands.addPostEmbed(),
      button: buttons.material("ondemand_video", gettext("Embed a video or post by its address")),
    })
  },
})

function interpolate(text, values) {
  return window.interpolate ? window.interpolate(text, values) : text.replace("%s", values[0])
}
