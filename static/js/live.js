// Live stories: every few seconds the page asks the story's update endpoint (one answer for
// every reader, cached for a few seconds) what changed. New posts wait behind an "N new
// updates" button, so the page never moves under the reader; changed posts are replaced in
// place, removed posts disappear, and the key points stay current. Without JavaScript the
// page is complete as served; a reload shows the rest.
"use strict"

;(() => {
  const story = document.querySelector("[data-live-updates]")
  if (!story || story.hasAttribute("data-ended")) return

  const url = story.dataset.liveUpdates
  const every = Math.max(Number(story.dataset.poll) || 8, 3) * 1000
  const newestFirst = story.dataset.order !== "oldest"
  const page = Number(story.dataset.page) || 1
  const lastPage = Number(story.dataset.lastPage) || 1
  // Only the page at the live edge takes new posts in; the others link to it.
  const atEdge = newestFirst ? page === 1 : page === lastPage
  const list = story.querySelector("[data-posts]")
  const pinnedBox = story.querySelector("[data-pinned]")
  const button = story.querySelector(".live-new-button")
  let stamp = story.dataset.stamp
  let latest = null

  const shown = () => new Map([...story.querySelectorAll("[data-post]")].map((el) => [Number(el.dataset.post), el]))

  function fromHtml(html) {
    const holder = document.createElement("div")
    holder.innerHTML = html
    return holder.firstElementChild
  }

  function waiting(data, posts) {
    // Posts readers have not seen: those beyond the newest (or latest) one on the page.
    const order = data.posts.map(([id]) => id)
    const seen = order.filter((id) => posts.has(id))
    if (!seen.length) return order.filter((id) => !posts.has(id))
    const edge = newestFirst ? order.indexOf(seen[0]) : order.indexOf(seen[seen.length - 1])
    const beyond = newestFirst ? order.slice(0, edge) : order.slice(edge + 1)
    return beyond.filter((id) => !posts.has(id))
  }

  function apply(data) {
    const posts = shown()
    const listed = new Map(data.posts)
    for (const [id, el] of posts) {
      if (!listed.has(id) && data.pinned !== id) {
        el.remove() // removed, or unpublished
        continue
      }
      const html = data.html[id]
      const version = data.pinned === id ? null : listed.get(id)
      if (html && (version === null || String(version) !== el.dataset.version)) {
        const fresh = fromHtml(html)
        if (fresh.dataset.version !== el.dataset.version) el.replaceWith(fresh)
      }
    }
    const keyPoints = story.querySelector("#key-points")
    if (keyPoints && data.key_points) keyPoints.replaceWith(fromHtml(data.key_points))
    if (data.ended) story.setAttribute("data-ended", "")
    latest = data
    const count = waiting(data, shown()).length + (pinnedChanged(data) ? 1 : 0)
    if (count) {
      button.textContent = `${count} new update${count === 1 ? "" : "s"}`
      button.hidden = false
    } else {
      button.hidden = true
    }
  }

  function pinnedChanged(data) {
    const current = pinnedBox.querySelector("[data-post]")
    const id = current ? Number(current.dataset.post) : null
    return page === 1 && data.pinned !== id && data.pinned !== null
  }

  function showWaiting() {
    const data = latest
    if (!data) return
    if (!atEdge) {
      window.location.assign(story.dataset.liveUpdates.replace(/updates\.json$/, newestFirst ? "" : `?page=${lastPage}`))
      return
    }
    const ids = waiting(data, shown())
    if (ids.some((id) => !data.html[id])) {
      window.location.reload() // further behind than the endpoint carries
      return
    }
    let first = null
    const fresh = ids.map((id) => fromHtml(data.html[id]))
    if (newestFirst) list.prepend(...fresh)
    else list.append(...fresh)
    first = newestFirst ? fresh[0] : fresh[0]
    if (pinnedChanged(data) && data.html[data.pinned]) {
      const old = pinnedBox.querySelector("[data-post]")
      if (old) old.remove()
      const elsewhere = shown().get(data.pinned)
      if (elsewhere) elsewhere.remove()
      pinnedBox.replaceChildren(fromHtml(data.html[data.pinned]))
      first = first || pinnedBox.firstElementChild
    }
    story.querySelector(".live-empty")?.remove()
    button.hidden = true
    if (first) {
      first.setAttribute("tabindex", "-1")
      first.scrollIntoView({ block: "start" })
      first.focus({ preventScroll: true })
    }
  }

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } })
      if (response.ok) {
        const data = await response.json()
        if (String(data.stamp) !== String(stamp) || (latest === null && data.stamp !== undefined)) {
          stamp = data.stamp
          apply(data)
        }
        if (data.ended) return // coverage is over: no more asking
      }
    } catch (error) {
      // Offline for a moment: ask again at the next interval.
    }
    window.setTimeout(poll, document.hidden ? every * 3 : every)
  }

  button.addEventListener("click", showWaiting)
  window.setTimeout(poll, every)
})()

// A post's permanent address opens at the post.
;(() => {
  const match = window.location.pathname.match(/\/posts\/(\d+)\/$/)
  if (!match || window.location.hash) return
  document.getElementById(`post-${match[1]}`)?.scrollIntoView({ block: "start" })
})()
