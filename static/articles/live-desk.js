// The live desk: the list of posts is asked for every few seconds, so posts other editors
// write arrive without a reload. The list is left alone while someone types in it (a
// correction) and while the page is hidden.
"use strict"

;(() => {
  const desk = document.querySelector("[data-posts-url]")
  if (!desk) return
  const box = desk.querySelector("[data-desk-posts]")
  const every = (Number(desk.dataset.poll) || 5) * 1000
  let last = box.innerHTML

  function busy() {
    const active = document.activeElement
    if (active && box.contains(active) && active.matches("textarea, select, input")) return true
    return [...box.querySelectorAll("details[open] textarea")].some((area) => area.value.trim())
  }

  async function refresh() {
    if (!document.hidden && !busy()) {
      try {
        const response = await fetch(desk.dataset.postsUrl, { credentials: "same-origin" })
        if (response.ok) {
          const html = await response.text()
          if (html !== last) {
            box.innerHTML = html
            last = html
          }
        }
      } catch (error) {
        // Offline for a moment: try again next time.
      }
    }
    window.setTimeout(refresh, every)
  }
  window.setTimeout(refresh, every)

  desk.addEventListener("submit", (event) => {
    const button = event.submitter
    if (button && button.value === "remove" && !window.confirm("Remove this post from the site?")) {
      event.preventDefault()
    }
  })
})()
