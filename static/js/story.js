// Story pages. An embed shows a facade until the reader asks: only then does the provider's
// player load, in a sandboxed frame. An HTML graphic whose height is "auto" reports it.
"use strict"

document.addEventListener("click", (event) => {
  const button = event.target.closest(".embed-load")
  if (!button) return
  const facade = button.closest(".embed-facade")
  const frame = document.createElement("iframe")
  // The sandbox goes on before the address, so the player never runs without it.
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation")
  frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture")
  frame.setAttribute("allowfullscreen", "")
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin")
  frame.className = "embed-frame"
  frame.title = `${facade.dataset.provider}: ${facade.dataset.title}`
  if (facade.dataset.height) frame.height = facade.dataset.height
  frame.src = facade.dataset.player
  facade.replaceWith(frame)
  frame.focus()
})

window.addEventListener("message", (event) => {
  const height = Number(event.data?.newsroomGraphicHeight)
  if (!height) return
  for (const frame of document.querySelectorAll("iframe[data-auto-height]")) {
    if (frame.contentWindow === event.source) {
      frame.height = String(Math.min(Math.max(Math.ceil(height), 50), 4000))
    }
  }
})

// A frame that loaded before this script ran has reported to nobody: ask each again.
for (const frame of document.querySelectorAll("iframe[data-auto-height]")) {
  frame.contentWindow?.postMessage("newsroomGraphicHeight?", "*")
  frame.addEventListener("load", () => frame.contentWindow?.postMessage("newsroomGraphicHeight?", "*"))
}
