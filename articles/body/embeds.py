"""Embeds: which provider a pasted address belongs to, recognised by its shape alone (nothing
is fetched when a story is saved), and the player address that loads only when a reader asks.

Each provider's player runs in a sandboxed iframe; `FRAME_SOURCES` is exactly the hosts those
iframes load from, and the site's Content-Security-Policy allows those and no others.
An address of no known provider is a plain link card.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

# What a provider's player may do inside its sandbox (it is another origin: its own cookies).
SANDBOX = "allow-scripts allow-same-origin allow-popups allow-presentation"


@dataclass(frozen=True)
class Embed:
    """A recognised address: who serves it, the player's address and what kind of thing it is."""

    provider: str
    url: str
    player: str = ""  # empty: a link card, nothing to load
    kind: str = "link"  # video, audio, post, document, chart, link
    height: int = 0  # 0: the player keeps a 16:9 box
    video_id: str = ""

    @property
    def is_video(self):
        return self.kind == "video"

    @property
    def source(self):
        """The scheme and host the player loads from, for the page's frame-src."""
        parts = urlsplit(self.player)
        return f"{parts.scheme}://{parts.netloc}" if self.player else ""


def _youtube(url, parts):
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        video = parts.path.strip("/").split("/")[0]
    elif parts.path.startswith(("/shorts/", "/embed/", "/live/")):
        video = parts.path.split("/")[2]
    else:
        video = parse_qs(parts.query).get("v", [""])[0]
    if not re.fullmatch(r"[\w-]{6,20}", video or ""):
        return None
    return Embed(
        "YouTube",
        url,
        f"https://www.youtube-nocookie.com/embed/{video}",
        "video",
        video_id=video,
    )


def _vimeo(url, parts):
    match = re.search(r"/(\d{4,12})(?:/|$)", parts.path)
    if not match:
        return None
    video = match.group(1)
    return Embed("Vimeo", url, f"https://player.vimeo.com/video/{video}", "video", video_id=video)


def _x(url, parts):
    match = re.search(r"/status(?:es)?/(\d{5,25})", parts.path)
    if not match:
        return None
    return Embed(
        "X",
        url,
        f"https://platform.twitter.com/embed/Tweet.html?id={match.group(1)}&dnt=true",
        "post",
        height=640,
    )


def _instagram(url, parts):
    match = re.match(r"/(p|reel|tv)/([\w-]{5,40})", parts.path)
    if not match:
        return None
    kind, code = match.groups()
    return Embed(
        "Instagram",
        url,
        f"https://www.instagram.com/{kind}/{code}/embed/",
        "post",
        height=720,
    )


def _tiktok(url, parts):
    match = re.search(r"/video/(\d{8,25})", parts.path)
    if not match:
        return None
    return Embed(
        "TikTok", url, f"https://www.tiktok.com/embed/v2/{match.group(1)}", "video", height=740
    )


def _facebook(url, parts):
    if not re.search(r"/(posts|videos|watch|reel|photo|permalink\.php|story\.php)", url):
        return None
    plugin = "video" if re.search(r"/(videos|watch|reel)", url) else "post"
    return Embed(
        "Facebook",
        url,
        f"https://www.facebook.com/plugins/{plugin}.php?href={quote(url, safe='')}",
        "video" if plugin == "video" else "post",
        height=0 if plugin == "video" else 680,
    )


def _bluesky(url, parts):
    match = re.match(r"/profile/([\w.:-]{3,253})/post/([\w]{5,20})", parts.path)
    if not match:
        return None
    actor, post = match.groups()
    return Embed(
        "Bluesky",
        url,
        f"https://embed.bsky.app/embed/{actor}/app.bsky.feed.post/{post}",
        "post",
        height=600,
    )


def _threads(url, parts):
    match = re.match(r"/(@[\w.]{1,40})/post/([\w-]{5,40})", parts.path)
    if not match:
        return None
    user, code = match.groups()
    return Embed(
        "Threads", url, f"https://www.threads.net/{user}/post/{code}/embed", "post", height=640
    )


def _soundcloud(url, parts):
    if parts.path.count("/") < 2:
        return None
    return Embed(
        "SoundCloud",
        url,
        f"https://w.soundcloud.com/player/?url={quote(url, safe='')}&visual=false",
        "audio",
        height=166,
    )


def _spotify(url, parts):
    match = re.search(r"/(track|album|playlist|episode|show|artist)/(\w{10,30})", parts.path)
    if not match:
        return None
    kind, item = match.groups()
    return Embed(
        "Spotify",
        url,
        f"https://open.spotify.com/embed/{kind}/{item}",
        "audio",
        height=152 if kind in ("track", "episode") else 352,
    )


def _documentcloud(url, parts):
    match = re.search(r"/documents/([\w-]{3,200})", parts.path)
    if not match:
        return None
    return Embed(
        "DocumentCloud",
        url,
        f"https://embed.documentcloud.org/documents/{match.group(1)}/?embed=1",
        "document",
        height=700,
    )


def _datawrapper(url, parts):
    match = re.match(r"/(?:_/|chart/)?([A-Za-z0-9]{5})(?:/(\d{1,3}))?(?:/|$)", parts.path)
    if not match:
        return None
    chart, version = match.groups()
    path = f"{chart}/{version}/" if version else f"{chart}/"
    return Embed("Datawrapper", url, f"https://datawrapper.dwcdn.net/{path}", "chart", height=500)


def _flourish(url, parts):
    match = re.search(r"/(visualisation|story)/(\d{3,12})", parts.path)
    if not match:
        return None
    kind, item = match.groups()
    return Embed("Flourish", url, f"https://flo.uri.sh/{kind}/{item}/embed", "chart", height=600)


# (host names, recogniser, the host its player loads from).
PROVIDERS = [
    (("youtube.com", "m.youtube.com", "youtu.be", "youtube-nocookie.com"), _youtube,
     "https://www.youtube-nocookie.com"),
    (("vimeo.com", "player.vimeo.com"), _vimeo, "https://player.vimeo.com"),
    (("twitter.com", "x.com", "mobile.twitter.com"), _x, "https://platform.twitter.com"),
    (("instagram.com",), _instagram, "https://www.instagram.com"),
    (("tiktok.com",), _tiktok, "https://www.tiktok.com"),
    (("facebook.com", "m.facebook.com", "fb.watch"), _facebook, "https://www.facebook.com"),
    (("bsky.app",), _bluesky, "https://embed.bsky.app"),
    (("threads.net", "threads.com"), _threads, "https://www.threads.net"),
    (("soundcloud.com",), _soundcloud, "https://w.soundcloud.com"),
    (("open.spotify.com",), _spotify, "https://open.spotify.com"),
    (("documentcloud.org", "embed.documentcloud.org"), _documentcloud,
     "https://embed.documentcloud.org"),
    (("datawrapper.dwcdn.net", "datawrapper.de"), _datawrapper, "https://datawrapper.dwcdn.net"),
    (("public.flourish.studio", "flourish.studio", "flo.uri.sh"), _flourish,
     "https://flo.uri.sh"),
]  # fmt: skip

# Exactly where embedded players may load from: the page's CSP frame-src.
FRAME_SOURCES = sorted({source for _hosts, _recognise, source in PROVIDERS})


def _host(parts):
    return (parts.hostname or "").lower().removeprefix("www.")


def recognise(url):
    """The Embed for a (checked, http or https) address: a known provider's, or a link card."""
    parts = urlsplit(url)
    host = _host(parts)
    for hosts, recogniser, _source in PROVIDERS:
        if host in hosts or any(host.endswith(f".{name}") for name in hosts):
            found = recogniser(url, parts)
            if found is not None:
                return found
    return Embed(provider=host or "the web", url=url)
