// Story elements in the body editor (django-prose-editor, Tiptap): photos, galleries, embeds,
// pull quotes, factboxes, tables, related stories and HTML graphics, each inserted from the
// toolbar, moved by drag and drop or with Alt+↑/Alt+↓, and edited in a dialog.
//
// The body is stored as HTML; each element is a <figure data-element="…"> (a factbox an
// <aside>, a table the editor's own <table>) whose data attributes hold its settings. The
// server (articles/body) reads, checks and renders them; this file only edits them. It asks
// the server through one JSON endpoint (articles/admin_elements.py).

import {
  Extension,
  Node,
  Plugin,
  Table,
  TableCell,
  TableHeader,
  TableRow,
  TrailingNode,
  crel,
  pm,
  updateAttrsDialog,
} from "django-prose-editor/editor"

let endpoint = ""
let canEditGraphics = false

// --- talking to the server -------------------------------------------------------------

const csrfToken = () =>
  document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""

async function ask(params) {
  const response = await fetch(`${endpoint}?${new URLSearchParams(params)}`, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  })
  const answer = await response.json().catch(() => ({}))
  if (!response.ok) throw new Error(answer.error || `The server answered ${response.status}.`)
  return answer
}

async function upload(file) {
  const body = new FormData()
  body.append("file", file)
  const response = await fetch(endpoint, {
    method: "POST",
    body,
    headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    credentials: "same-origin",
  })
  const answer = await response.json().catch(() => ({}))
  if (!response.ok) throw new Error(answer.error || `The upload failed (${response.status}).`)
  return answer.photo
}

// What the body names (photo:12, gallery:3, article:5), described once, asked for in batches.
const described = new Map()
let pending = new Map()
let flushing = null

function describe(key) {
  if (described.has(key)) return described.get(key)
  const promise = new Promise((resolve) => {
    pending.set(key, resolve)
  })
  described.set(key, promise)
  if (!flushing) {
    flushing = Promise.resolve().then(async () => {
      const batch = pending
      pending = new Map()
      flushing = null
      let items = {}
      try {
        items = (await ask({ describe: [...batch.keys()].join(",") })).items || {}
      } catch (_error) {
        items = {}
      }
      for (const [wanted, resolve] of batch) resolve(items[wanted] || null)
    })
  }
  return promise
}

// --- dialogs -------------------------------------------------------------------------------

function chooser(editor, { title, search, uploads = false }) {
  // A dialog to find a photo, gallery or story: type to search, pick a result (or upload).
  return new Promise((resolve) => {
    const input = crel("input", { type: "search", placeholder: "Search", className: "story-chooser__search" })
    input.setAttribute("aria-label", `Search ${search}`)
    const results = crel("ul", { className: "story-chooser__results" })
    results.setAttribute("aria-live", "polite")
    const status = crel("p", { className: "story-chooser__status" })
    const cancel = crel("button", { type: "button", textContent: "Cancel" })
    const parts = [crel("h3", { className: "prose-editor-dialog-title", textContent: title }), input]
    let file = null
    if (uploads) {
      file = crel("input", { type: "file", accept: "image/*", className: "story-chooser__file" })
      file.setAttribute("aria-label", "Upload a new photo")
      parts.push(crel("label", { className: "story-chooser__upload" }, ["Or upload a new photo: ", file]))
    }
    parts.push(status, results, crel("div", { className: "prose-editor-dialog-buttons" }, [cancel]))
    const dialog = crel("dialog", { className: "prose-editor-dialog story-chooser" }, [
      crel("form", { method: "dialog" }, parts),
    ])
    editor.view.dom.parentElement.append(dialog)
    let chosen = null
    const finish = (value) => {
      chosen = value
      dialog.close()
    }
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(chosen)
    })
    cancel.addEventListener("click", () => finish(null))

    const show = (items) => {
      results.replaceChildren(
        ...items.map((item) => {
          const pick = crel("button", { type: "button", className: "story-chooser__pick" }, [
            ...(item.thumb ? [crel("img", { src: item.thumb, alt: "", width: 64, height: 64 })] : []),
            crel("span", { textContent: item.label }),
            ...(item.status ? [crel("span", { className: "story-chooser__meta", textContent: item.status })] : []),
            ...(item.credit ? [crel("span", { className: "story-chooser__meta", textContent: item.credit })] : []),
          ])
          pick.dataset.id = item.id
          pick.addEventListener("click", () => finish(item))
          return crel("li", {}, [pick])
        }),
      )
      status.textContent = items.length ? "" : "Nothing found."
    }
    let timer = null
    const run = async () => {
      status.textContent = "Searching…"
      try {
        show((await ask({ search, q: input.value })).results)
      } catch (error) {
        status.textContent = error.message
      }
    }
    input.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(run, 250)
    })
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault()
        clearTimeout(timer)
        run()
      }
    })
    file?.addEventListener("change", async () => {
      if (!file.files.length) return
      status.textContent = "Uploading, checking and making the sizes…"
      try {
        finish(await upload(file.files[0]))
      } catch (error) {
        status.textContent = error.message
      }
    })
    dialog.showModal()
    run()
  })
}

const SIZES = ["inline", "wide", "full"]
const CROPS = ["focal", "16x9", "4x3", "1x1"]

const settingsDialogs = {
  photo: updateAttrsDialog(
    {
      size: { title: "Size", enum: SIZES, default: "inline" },
      crop: { title: "Crop (focal = the photo's own shape)", enum: CROPS, default: "focal" },
      caption: {
        title: "Caption in this story (empty: the photo's own caption)",
        format: "textarea",
      },
    },
    { title: "Photo in the story", submitText: "Save" },
  ),
  gallery: updateAttrsDialog(
    { display: { title: "Show as", enum: ["card", "strip"], default: "card" } },
    { title: "Gallery in the story", submitText: "Save" },
  ),
  embed: updateAttrsDialog(
    {
      url: { title: "Address (video, audio, social post, document or chart)", required: true },
      title: { title: "Title (optional)" },
    },
    { title: "Embed", submitText: "Save" },
  ),
  pullquote: updateAttrsDialog(
    {
      quote: { title: "Quote", format: "textarea", required: true },
      attribution: { title: "Attribution" },
    },
    { title: "Pull quote", submitText: "Save" },
  ),
  factbox: updateAttrsDialog({ title: { title: "Title" } }, { title: "Factbox", submitText: "Save" }),
  related: updateAttrsDialog(
    { label: { title: "Label (empty: “Related”)" } },
    { title: "Related story", submitText: "Save" },
  ),
  graphic: updateAttrsDialog(
    {
      html: { title: "HTML (runs sandboxed; inline scripts and styles only)", format: "textarea", required: true },
      height: { title: "Height in pixels, or auto", default: "auto" },
      alt: { title: "What the graphic shows, for readers who cannot see it", format: "textarea", required: true },
    },
    { title: "HTML graphic", submitText: "Save" },
  ),
  table: updateAttrsDialog(
    { caption: { title: "Caption" }, source: { title: "Source" } },
    { title: "Table caption and source", submitText: "Save" },
  ),
}

async function checkedEmbed(editor, attrs) {
  // Ask the server what the address is before it goes in; a refusal says why.
  let values = attrs
  for (;;) {
    values = await settingsDialogs.embed(editor, values)
    if (!values) return null
    values.url = values.url.trim()
    try {
      const found = await ask({ embed: values.url })
      if (found.ok) return values
      window.alert(found.message)
    } catch (error) {
      window.alert(error.message)
    }
  }
}

// --- placing and moving blocks -----------------------------------------------------------

function insertBlock(editor, content) {
  // Elements live between the story's paragraphs, never inside a list, a table or a factbox:
  // an empty paragraph is replaced, anything else gets the element after it.
  const { selection } = editor.state
  const { $from } = selection
  let at = selection.to
  if (selection instanceof pm.state.NodeSelection && $from.depth === 0) {
    at = selection.to
  } else if ($from.depth >= 1) {
    const top = $from.node(1)
    at =
      top.type.name === "paragraph" && top.content.size === 0
        ? { from: $from.before(1), to: $from.after(1) }
        : $from.after(1)
  }
  editor.chain().focus().insertContentAt(at, content).run()
  return typeof at === "number" ? at : at.from
}

function moveBlock(editor, direction, at = null) {
  // Swap the top-level block at `at` (or the selection's) with its neighbour.
  const { state, view } = editor
  const pos = at ?? currentBlock(view)
  if (pos === null) return false
  const $pos = state.doc.resolve(pos)
  const index = $pos.index(0)
  const node = state.doc.child(index)
  const target = index + direction
  if (target < 0 || target >= state.doc.childCount) return false
  const neighbour = state.doc.child(target)
  const tr = state.tr
  if (direction < 0) {
    const start = pos - neighbour.nodeSize
    tr.replaceWith(start, pos + node.nodeSize, [node, neighbour])
    tr.setSelection(selectionAt(tr.doc, start, node))
  } else {
    const end = pos + node.nodeSize + neighbour.nodeSize
    tr.replaceWith(pos, end, [neighbour, node])
    tr.setSelection(selectionAt(tr.doc, pos + neighbour.nodeSize, node))
  }
  view.dispatch(tr.scrollIntoView())
  view.focus()
  return true
}

function currentBlock(view) {
  // Where the person is now. A text cursor is read from the page itself: a key pressed right
  // after a click can arrive before the editor has read the click. A selected element (the
  // page then shows no cursor) is the editor's own selection.
  const { selection, doc } = view.state
  let pos = selection.from
  const dom = view.dom.ownerDocument.getSelection()
  if (dom?.anchorNode?.nodeType === 3 && view.dom.contains(dom.anchorNode)) {
    try {
      pos = view.posAtDOM(dom.anchorNode, dom.anchorOffset)
    } catch (_error) {
      pos = selection.from
    }
  }
  const $pos = doc.resolve(pos)
  if ($pos.depth === 0) return doc.nodeAt(pos) ? pos : null
  return $pos.before(1)
}

function selectionAt(doc, pos, node) {
  const { NodeSelection, TextSelection } = pm.state
  if (node.isAtom) return NodeSelection.create(doc, pos)
  return TextSelection.near(doc.resolve(pos + 1))
}

// --- the element nodes -------------------------------------------------------------------

function dataAttributes(names) {
  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        default: "",
        parseHTML: (element) => element.getAttribute(`data-${name}`) || "",
        renderHTML: (attrs) => (attrs[name] ? { [`data-${name}`]: attrs[name] } : {}),
      },
    ]),
  )
}

function card(kind, label, { editor, getPos, onEdit, content = null }) {
  // The element as the editor shows it: a labelled card with its actions.
  const preview = crel("div", { className: "story-element__preview" })
  const button = (text, action, title) => {
    const element = crel("button", { type: "button", textContent: text, title })
    element.setAttribute("aria-label", `${title}: ${label}`)
    element.addEventListener("mousedown", (event) => event.preventDefault())
    element.addEventListener("click", (event) => {
      event.preventDefault()
      action()
    })
    return element
  }
  const actions = crel("div", { className: "story-element__actions" }, [
    button("Edit", onEdit, "Edit"),
    button("↑", () => moveBlock(editor, -1, getPos()), "Move up"),
    button("↓", () => moveBlock(editor, 1, getPos()), "Move down"),
    button("Remove", () => {
      const pos = getPos()
      const node = editor.state.doc.nodeAt(pos)
      editor.view.dispatch(editor.state.tr.delete(pos, pos + node.nodeSize))
    }, "Remove"),
  ])
  const handle = crel("span", { className: "story-element__handle", textContent: "⠿", title: "Drag to move" })
  handle.setAttribute("data-drag-handle", "")
  handle.setAttribute("aria-hidden", "true")
  const header = crel("div", { className: "story-element__header" }, [
    handle,
    crel("strong", { className: "story-element__kind", textContent: label }),
    actions,
  ])
  const dom = crel("div", { className: `story-element story-element--${kind}` }, [header, preview])
  dom.dataset.element = kind
  if (content) dom.append(content)
  else dom.contentEditable = "false"
  return { dom, preview }
}

function atom({ name, kind, label, attrs, show, edit, insert }) {
  return Node.create({
    name,
    group: "block",
    atom: true,
    draggable: true,
    selectable: true,
    addAttributes: () => dataAttributes(attrs),
    parseHTML: () => [{ tag: `figure[data-element="${kind}"]` }],
    renderHTML: ({ HTMLAttributes }) => ["figure", { "data-element": kind, ...HTMLAttributes }],
    addCommands() {
      return {
        [`insert_${kind}`]:
          () =>
          ({ editor }) => {
            insert(editor).then((values) => {
              if (values) insertBlock(editor, { type: name, attrs: values })
            })
            return true
          },
      }
    },
    addNodeView() {
      return ({ node, editor, getPos }) => {
        let current = node
        const onEdit = async () => {
          const values = await edit(editor, { ...current.attrs })
          if (values) {
            editor.view.dispatch(
              editor.state.tr.setNodeMarkup(getPos(), undefined, { ...current.attrs, ...values }),
            )
          }
        }
        const { dom, preview } = card(kind, label, { editor, getPos, onEdit })
        dom.addEventListener("dblclick", onEdit)
        show(preview, current.attrs)
        return {
          dom,
          update(updated) {
            if (updated.type.name !== name) return false
            current = updated
            show(preview, current.attrs)
            return true
          },
          stopEvent: (event) => event.target.closest?.(".story-element__actions") !== null,
          ignoreMutation: () => true,
        }
      }
    },
  })
}

const text = (content, className = "") => crel("span", { className, textContent: content })

async function showNamed(preview, key, fallback, extra = []) {
  preview.replaceChildren(text(fallback, "story-element__muted"), ...extra)
  const item = await describe(key)
  if (!item) {
    preview.replaceChildren(text(`${fallback}: not found (deleted?)`, "story-element__problem"), ...extra)
    return
  }
  preview.replaceChildren(
    ...(item.thumb ? [crel("img", { src: item.thumb, alt: "", width: 64, height: 64 })] : []),
    crel("span", {}, [text(item.label), ...(item.status ? [text(` · ${item.status}`, "story-element__muted")] : [])]),
    ...extra,
  )
}

export const StoryPhoto = atom({
  name: "storyPhoto",
  kind: "photo",
  label: "Photo",
  attrs: ["photo", "size", "crop", "caption"],
  show: (preview, attrs) =>
    showNamed(preview, `photo:${attrs.photo}`, `Photo #${attrs.photo}`, [
      text(` · ${attrs.size || "inline"} · ${attrs.crop || "focal"}`, "story-element__muted"),
      ...(attrs.caption ? [crel("em", { textContent: ` “${attrs.caption}”` })] : []),
    ]),
  edit: async (editor, attrs) => settingsDialogs.photo(editor, attrs),
  insert: async (editor) => {
    const photo = await chooser(editor, { title: "Place a photo", search: "photos", uploads: true })
    if (!photo) return null
    described.set(`photo:${photo.id}`, Promise.resolve(photo))
    const settings = await settingsDialogs.photo(editor, { size: "inline", crop: "focal", caption: "" })
    return settings ? { photo: String(photo.id), ...settings } : null
  },
})

export const StoryGallery = atom({
  name: "storyGallery",
  kind: "gallery",
  label: "Gallery",
  attrs: ["gallery", "display"],
  show: (preview, attrs) =>
    showNamed(preview, `gallery:${attrs.gallery}`, `Gallery #${attrs.gallery}`, [
      text(` · ${attrs.display || "card"}`, "story-element__muted"),
    ]),
  edit: (editor, attrs) => settingsDialogs.gallery(editor, attrs),
  insert: async (editor) => {
    const gallery = await chooser(editor, { title: "Place a gallery", search: "galleries" })
    if (!gallery) return null
    described.set(`gallery:${gallery.id}`, Promise.resolve(gallery))
    const settings = await settingsDialogs.gallery(editor, { display: "card" })
    return settings ? { gallery: String(gallery.id), ...settings } : null
  },
})

export const StoryEmbed = atom({
  name: "storyEmbed",
  kind: "embed",
  label: "Embed",
  attrs: ["url", "title"],
  show: (preview, attrs) => {
    preview.replaceChildren(text(attrs.title || attrs.url))
    ask({ embed: attrs.url })
      .then((found) =>
        preview.prepend(
          text(found.ok ? `${found.provider}${found.card ? " (link card)" : ""} · ` : `${found.message} · `,
            found.ok ? "story-element__muted" : "story-element__problem"),
        ),
      )
      .catch(() => {})
  },
  edit: (editor, attrs) => checkedEmbed(editor, attrs),
  insert: (editor) => checkedEmbed(editor, { url: "", title: "" }),
})

export const StoryPullQuote = atom({
  name: "storyPullQuote",
  kind: "pullquote",
  label: "Pull quote",
  attrs: ["quote", "attribution"],
  show: (preview, attrs) =>
    preview.replaceChildren(
      crel("q", { textContent: attrs.quote }),
      ...(attrs.attribution ? [text(` — ${attrs.attribution}`, "story-element__muted")] : []),
    ),
  edit: (editor, attrs) => settingsDialogs.pullquote(editor, attrs),
  insert: (editor) => settingsDialogs.pullquote(editor, { quote: "", attribution: "" }),
})

export const StoryRelated = atom({
  name: "storyRelated",
  kind: "related",
  label: "Related story",
  attrs: ["article", "label"],
  show: (preview, attrs) =>
    showNamed(preview, `article:${attrs.article}`, `Story #${attrs.article}`, [
      ...(attrs.label ? [text(` · “${attrs.label}”`, "story-element__muted")] : []),
    ]),
  edit: (editor, attrs) => settingsDialogs.related(editor, attrs),
  insert: async (editor) => {
    const story = await chooser(editor, { title: "Link a related story", search: "articles" })
    if (!story) return null
    described.set(`article:${story.id}`, Promise.resolve(story))
    const settings = await settingsDialogs.related(editor, { label: "" })
    return settings ? { article: String(story.id), ...settings } : null
  },
})

export const StoryGraphic = atom({
  name: "storyGraphic",
  kind: "graphic",
  label: "HTML graphic",
  attrs: ["html", "height", "alt"],
  show: (preview, attrs) =>
    preview.replaceChildren(
      text(attrs.alt || "(no alternative text)"),
      text(` · height ${attrs.height || "auto"} · ${attrs.html.length} characters`, "story-element__muted"),
    ),
  edit: (editor, attrs) => {
    if (!canEditGraphics) {
      window.alert("Only editors add or change HTML graphics.")
      return Promise.resolve(null)
    }
    return settingsDialogs.graphic(editor, attrs)
  },
  insert: (editor) => settingsDialogs.graphic(editor, { html: "", height: "auto", alt: "" }),
})

export const StoryFactbox = Node.create({
  // Short rich text (paragraphs, lists) in an aside, edited in place; its title in a dialog.
  name: "storyFactbox",
  group: "block",
  content: "(paragraph | bulletList | orderedList)+",
  defining: true,
  isolating: true,
  draggable: true,
  addAttributes: () => dataAttributes(["title"]),
  parseHTML: () => [{ tag: 'aside[data-element="factbox"]' }],
  renderHTML: ({ HTMLAttributes }) => ["aside", { "data-element": "factbox", ...HTMLAttributes }, 0],
  addCommands() {
    return {
      insert_factbox:
        () =>
        ({ editor }) => {
          settingsDialogs.factbox(editor, { title: "" }).then((values) => {
            if (!values) return
            insertBlock(editor, {
              type: "storyFactbox",
              attrs: values,
              content: [{ type: "paragraph", content: [{ type: "text", text: "What readers should know." }] }],
            })
          })
          return true
        },
    }
  },
  addNodeView() {
    return ({ node, editor, getPos }) => {
      let current = node
      const content = crel("div", { className: "story-element__content" })
      const onEdit = async () => {
        const values = await settingsDialogs.factbox(editor, { ...current.attrs })
        if (values) editor.view.dispatch(editor.state.tr.setNodeMarkup(getPos(), undefined, values))
      }
      const { dom, preview } = card("factbox", "Factbox", { editor, getPos, onEdit, content })
      preview.contentEditable = "false"
      preview.textContent = current.attrs.title || "(no title)"
      return {
        dom,
        contentDOM: content,
        update(updated) {
          if (updated.type.name !== "storyFactbox") return false
          current = updated
          preview.textContent = current.attrs.title || "(no title)"
          return true
        },
        stopEvent: (event) => event.target.closest?.(".story-element__header") !== null,
      }
    }
  },
})

// Tables: the editor's own, with a caption and a source line kept on the <table>; a cell
// holds paragraphs of text only (the page prints a data table, not a layout).
export const StoryTable = Table.extend({
  addAttributes() {
    return { ...this.parent?.(), ...dataAttributes(["caption", "source"]) }
  },
})
const TextCell = TableCell.extend({ content: "paragraph+" })
const TextHeader = TableHeader.extend({ content: "paragraph+" })

// --- the extension: toolbar, keys, paste ----------------------------------------------

const ITEMS = [
  ["photo", "Photo", "Place a photo from the library, or upload one"],
  ["gallery", "Gallery", "Place a photo gallery"],
  ["embed", "Embed", "Embed a video, audio, social post, document or chart"],
  ["pullquote", "Quote", "Add a pull quote"],
  ["factbox", "Factbox", "Add a factbox"],
  ["table", "Table", "Add a table"],
  ["related", "Related", "Link a related story"],
  ["graphic", "Graphic", "Add an HTML graphic (editors only)"],
]

const cell = (type) => ({ type, content: [{ type: "paragraph" }] })
const row = (type) => ({ type: "tableRow", content: [cell(type), cell(type), cell(type)] })

async function insertTable(editor) {
  const values = await settingsDialogs.table(editor, { caption: "", source: "" })
  if (!values) return
  const start = insertBlock(editor, {
    type: "table",
    attrs: values,
    content: [row("tableHeader"), row("tableCell"), row("tableCell")],
  })
  // Into the first header cell: table, row, cell, paragraph.
  editor.commands.setTextSelection(start + 4)
}

function tableSettings(editor) {
  const attrs = editor.getAttributes("table")
  settingsDialogs.table(editor, { caption: attrs.caption || "", source: attrs.source || "" }).then((values) => {
    if (values) editor.chain().focus().updateAttributes("table", values).run()
  })
}

export const StoryElements = Extension.create({
  name: "storyElements",

  addOptions() {
    return { endpoint: "", canEditGraphics: false }
  },

  onCreate() {
    endpoint = this.options.endpoint
    canEditGraphics = !!this.options.canEditGraphics
  },

  addExtensions() {
    return [
      StoryPhoto,
      StoryGallery,
      StoryEmbed,
      StoryPullQuote,
      StoryFactbox,
      StoryRelated,
      StoryGraphic,
      StoryTable,
      TableRow,
      TextHeader,
      TextCell,
      // Always a paragraph after the last element, to type or place the next one in.
      TrailingNode,
    ]
  },

  addMenuItems({ menu }) {
    for (const [kind, label, title] of ITEMS) {
      if (kind === "graphic" && !this.options.canEditGraphics) continue
      const button = crel("button", {
        type: "button",
        className: "prose-menubar__button story-elements__button",
        textContent: label,
        title,
      })
      button.setAttribute("aria-label", title)
      button.dataset.element = kind
      menu.defineItem({
        name: `story_${kind}`,
        groups: "elements",
        button,
        command: (editor) => (kind === "table" ? insertTable(editor) : editor.commands[`insert_${kind}`]()),
      })
    }
    const captionButton = crel("button", {
      type: "button",
      className: "prose-menubar__button story-elements__button",
      textContent: "Caption",
      title: "Table caption and source",
    })
    menu.defineItem({
      name: "story_table_caption",
      groups: "elements",
      button: captionButton,
      command: tableSettings,
      hidden: (editor) => !editor.isActive("table"),
    })
  },

  addKeyboardShortcuts() {
    return {
      "Alt-ArrowUp": () => moveBlock(this.editor, -1),
      "Alt-ArrowDown": () => moveBlock(this.editor, 1),
    }
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          // A web address pasted alone on an empty line becomes an embed.
          handlePaste(view, event) {
            const pasted = event.clipboardData?.getData("text/plain")?.trim() || ""
            if (!/^https?:\/\/\S+$/i.test(pasted)) return false
            const { $from, empty } = view.state.selection
            const parent = $from.parent
            if (!empty || $from.depth !== 1 || parent.type.name !== "paragraph" || parent.content.size) {
              return false
            }
            const start = $from.before(1)
            const embed = view.state.schema.nodes.storyEmbed.create({ url: pasted, title: "" })
            view.dispatch(view.state.tr.replaceWith(start, start + parent.nodeSize, embed))
            editor.commands.focus()
            return true
          },
        },
      }),
    ]
  },
})
