"""A generated WordPress export (WXR 1.2, as WordPress's exporter writes it) with its
`wp-content/uploads` folder: the cases the import must handle (classic and block editor
markup, captions, galleries, embeds, unknown shortcodes and blocks, scripts, every status,
Co-Authors Plus guest authors, nested categories, pages, menus, comments, other post types,
a file that is missing, a slug that is not ASCII), and as many plain posts and attachments as
asked, for `make bench-import`. Used by the tests and the benchmark alike."""

import io
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

SITE = "https://old.example.com"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
    "<photoshop:Credit>{credit}</photoshop:Credit>"
    '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{caption}</rdf:li></rdf:Alt>'
    "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
)
LOREM = (
    "The council met on Tuesday to weigh the plan, which would widen the road and move the "
    "market two streets east. Residents who spoke were divided; traders asked for a delay."
).split(". ")


def picture(seed, size=(800, 533), xmp=None):
    """A real JPEG, different for each seed, with an XMP packet if given."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(5):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.ellipse([x, y, x + size[0] // 4, y + size[1] // 4],
                     fill=tuple(rng.randrange(256) for _ in range(3)))  # fmt: skip
    buffer = io.BytesIO()
    extra = {"xmp": xmp.encode()} if xmp else {}
    image.save(buffer, "JPEG", quality=80, **extra)
    return buffer.getvalue()


def cdata(text):
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def item(post_id, title, *, post_type="post", status="publish", name="", content="",
         excerpt="", date=None, creator="jdoe", link=None, parent=0, terms=(), meta=None,
         attachment_url="", comments=0):  # fmt: skip
    """One <item> as WordPress writes it; `terms` is [(domain, nicename, name)]."""
    date = date or datetime(2020, 3, 4, 15, 0, tzinfo=UTC)
    gmt = date.strftime("%Y-%m-%d %H:%M:%S") if status != "draft" else "0000-00-00 00:00:00"
    link = link or (f"{SITE}/{date:%Y/%m/%d}/{name}/" if name else f"{SITE}/?p={post_id}")
    parts = [
        "<item>",
        f"<title>{escape(title)}</title>",
        f"<link>{escape(link)}</link>",
        f"<pubDate>{date:%a, %d %b %Y %H:%M:%S} +0000</pubDate>",
        f"<dc:creator>{cdata(creator)}</dc:creator>",
        f'<guid isPermaLink="false">{SITE}/?p={post_id}</guid>',
        "<description></description>",
        f"<content:encoded>{cdata(content)}</content:encoded>",
        f"<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>",
        f"<wp:post_id>{post_id}</wp:post_id>",
        f"<wp:post_date>{cdata((date - timedelta(hours=5)).strftime('%Y-%m-%d %H:%M:%S'))}</wp:post_date>",
        f"<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>",
        "<wp:comment_status>open</wp:comment_status><wp:ping_status>open</wp:ping_status>",
        f"<wp:post_name>{cdata(name)}</wp:post_name>",
        f"<wp:status>{status}</wp:status>",
        f"<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>",
        f"<wp:post_type>{post_type}</wp:post_type>",
        "<wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>",
    ]
    if attachment_url:
        parts.append(f"<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>")
    for domain, nicename, term in terms:
        parts.append(f'<category domain="{domain}" nicename="{nicename}">{cdata(term)}</category>')
    for key, value in (meta or {}).items():
        parts.append(f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                     f"<wp:meta_value>{cdata(str(value))}</wp:meta_value></wp:postmeta>")  # fmt: skip
    for n in range(comments):
        parts.append(f"<wp:comment><wp:comment_id>{post_id * 100 + n}</wp:comment_id>"
                     f"<wp:comment_content>{cdata('A reader writes.')}</wp:comment_content>"
                     "</wp:comment>")  # fmt: skip
    parts.append("</item>")
    return "\n".join(parts)


def attachment(post_id, relative, parent=0, title="", caption="", alt=""):
    return item(
        post_id, title or Path(relative).stem, post_type="attachment", status="inherit",
        name=Path(relative).stem, excerpt=caption, parent=parent,
        link=f"{SITE}/?attachment_id={post_id}",
        attachment_url=f"{SITE}/wp-content/uploads/{relative}",
        meta={"_wp_attached_file": relative, "_wp_attachment_image_alt": alt},
    )  # fmt: skip


HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/" xmlns:yoast="http://yoast.com/export/1.0/">
<channel>
<title>The Old Gazette</title><link>{site}</link><description>News</description>
<language>en-US</language><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>
<yoast:settings><yoast:option name="a">plugin data, ignored</yoast:option></yoast:settings>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>{jdoe}</wp:author_login>
<wp:author_email>{jmail}</wp:author_email><wp:author_display_name>{jname}</wp:author_display_name>
<wp:author_first_name>{jfirst}</wp:author_first_name><wp:author_last_name>{jlast}</wp:author_last_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>{rsmith}</wp:author_login>
<wp:author_email>{rmail}</wp:author_email><wp:author_display_name>{rname}</wp:author_display_name></wp:author>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>news</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>{news}</wp:cat_name></wp:category>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>world</wp:category_nicename><wp:category_parent>news</wp:category_parent><wp:cat_name>{world}</wp:cat_name></wp:category>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>middle-east</wp:category_nicename><wp:category_parent>world</wp:category_parent><wp:cat_name>{mideast}</wp:cat_name></wp:category>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>opinion</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>{opinion}</wp:cat_name></wp:category>
<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>search</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>{search}</wp:cat_name></wp:category>
<wp:tag><wp:term_id>6</wp:term_id><wp:tag_slug>elections</wp:tag_slug><wp:tag_name>{elections}</wp:tag_name></wp:tag>
<wp:term><wp:term_id>7</wp:term_id><wp:term_taxonomy>author</wp:term_taxonomy><wp:term_slug>cap-amira-haddad</wp:term_slug><wp:term_name>{amira}</wp:term_name></wp:term>
<wp:term><wp:term_id>8</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy><wp:term_slug>main</wp:term_slug><wp:term_name>{main}</wp:term_name></wp:term>
"""
NAMES = {
    "jdoe": "jdoe", "jmail": "jane@old.example.com", "jname": "Jane Doe", "jfirst": "Jane",
    "jlast": "Doe", "rsmith": "rsmith", "rmail": "robert@old.example.com",
    "rname": "Robert Smith", "news": "News", "world": "World", "mideast": "Middle East",
    "opinion": "Opinion", "search": "Search", "elections": "Elections", "amira": "amira-haddad",
    "main": "Main menu",
}  # fmt: skip

CLASSIC = """The council met on Tuesday to weigh the plan.
It ran late.

[caption id="attachment_201" align="aligncenter" width="640"]<a href="{site}/wp-content/uploads/2020/03/photo-b.jpg"><img class="size-large wp-image-201" src="{site}/wp-content/uploads/2020/03/photo-b-640x427.jpg" alt="The market" width="640" height="427" /></a> Traders at the market on Monday.[/caption]

https://www.youtube.com/watch?v=dQw4w9WgXcQ

<p>A resized copy: <img src="{site}/wp-content/uploads/2020/03/photo-c-300x200.jpg" alt="" /> and one from elsewhere: <img src="https://elsewhere.example.net/chart.png" alt="A chart" /></p>

<img class="wp-image-203" src="{site}/wp-content/uploads/2020/03/missing.jpg" alt="Lost" />

[gallery]

[contact-form-7 id="4" title="Tips"]

<script>document.write("stolen cookies")</script><p onclick="steal()">Residents were <strong>divided</strong>.</p>

<h1>What comes next</h1>
<ul><li>A vote in May</li><li>Work in the autumn</li></ul>
[embed]https://vimeo.com/76979871[/embed]"""

BLOCKS = """<!-- wp:paragraph -->
<p>The block editor wrote this <em>story</em>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {{"level":3}} -->
<h3>The scene</h3>
<!-- /wp:heading -->

<!-- wp:image {{"id":205,"sizeSlug":"large","align":"wide"}} -->
<figure class="wp-block-image alignwide size-large"><img src="{site}/wp-content/uploads/2020/04/photo-d-1024x683.jpg" alt="" class="wp-image-205"/><figcaption>Smoke over the old town.</figcaption></figure>
<!-- /wp:image -->

<!-- wp:gallery {{"linkTo":"none"}} -->
<figure class="wp-block-gallery has-nested-images columns-default"><!-- wp:image {{"id":206}} -->
<figure class="wp-block-image"><img src="{site}/wp-content/uploads/2020/04/photo-e.jpg" alt="" class="wp-image-206"/></figure>
<!-- /wp:image -->

<!-- wp:image {{"id":207}} -->
<figure class="wp-block-image"><img src="{site}/wp-content/uploads/2020/04/photo-f.jpg" alt="" class="wp-image-207"/></figure>
<!-- /wp:image --></figure>
<!-- /wp:gallery -->

<!-- wp:embed {{"url":"https://twitter.com/example/status/1234567890123","type":"rich","providerNameSlug":"twitter"}} -->
<figure class="wp-block-embed is-type-rich is-provider-twitter"><div class="wp-block-embed__wrapper">
https://twitter.com/example/status/1234567890123
</div></figure>
<!-- /wp:embed -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>We were not told.</p><cite>A shopkeeper</cite></blockquote></figure>
<!-- /wp:pullquote -->

<!-- wp:list -->
<ul><!-- wp:list-item -->
<li>Road closed</li>
<!-- /wp:list-item --><!-- wp:list-item -->
<li>Market moved</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:table -->
<figure class="wp-block-table"><table><thead><tr><th>Year</th><th>Votes</th></tr></thead><tbody><tr><td>2019</td><td>1,204</td></tr></tbody></table></figure>
<!-- /wp:table -->

<!-- wp:jetpack/slideshow {{"ids":[206]}} -->
<div class="wp-block-jetpack-slideshow">A slideshow of the day</div>
<!-- /wp:jetpack/slideshow -->

<!-- wp:html -->
<div><script>alert("x")</script><p>Hand-written HTML survives as text.</p></div>
<!-- /wp:html -->

<!-- wp:separator -->
<hr class="wp-block-separator"/>
<!-- /wp:separator -->"""

# (attachment id, file under uploads, parent post, title, caption, alt, XMP credit or None)
CASE_ATTACHMENTS = [
    (200, "2020/03/photo-a.jpg", 101, "Council chamber", "The council chamber.", "Seats", "Agency Photo"),
    (201, "2020/03/photo-b.jpg", 101, "photo-b", "", "Stalls in a row", None),
    (202, "2020/03/photo-c.jpg", 101, "IMG_2041", "", "", None),
    (203, "2020/03/missing.jpg", 101, "Lost", "", "", None),
    (204, "2020/03/minutes.pdf", 101, "Minutes", "", "", None),
    (205, "2020/04/photo-d.jpg", 102, "Smoke", "", "", None),
    (206, "2020/04/photo-e.jpg", 102, "Crowd", "", "", None),
    (207, "2020/04/photo-f.jpg", 102, "Police", "", "", None),
]  # fmt: skip


def case_items(site):
    cap = ("author", "cap-amira-haddad", "amira-haddad")
    world = [("category", "world", "World"), ("category", "opinion", "Opinion")]
    future = datetime(2099, 1, 2, 12, 0, tzinfo=UTC)
    posts = [
        item(90, "Amira Haddad", post_type="guest-author", status="publish", name="cap-amira-haddad",
             meta={"cap-display_name": "Amira Haddad", "cap-user_login": "amira-haddad",
                   "cap-user_email": "amira@example.org", "cap-description": "Reports from Beirut."}),
        item(101, "Council weighs the market plan", name="council-weighs-market-plan",
             content=CLASSIC.format(site=site), excerpt="<p>A <em>divided</em> council.</p>",
             terms=world + [("post_tag", "elections", "Elections"), cap,
                            ("author", "cap-jdoe", "jdoe")],
             meta={"_thumbnail_id": 200}, comments=2),
        item(102, "Smoke over the old town", name="smoke-over-old-town", creator="rsmith",
             content=BLOCKS.format(site=site), date=datetime(2021, 6, 1, 3, 30, tzinfo=UTC),
             terms=[("category", "middle-east", "Middle East")]),
        item(103, "Scheduled for later", name="scheduled-for-later", status="future", date=future,
             content="Not yet.", terms=[("category", "news", "News")]),
        item(104, "A draft without a slug", status="draft", content="Half written.",
             terms=[("category", "news", "News")]),
        item(105, "Waiting for an editor", name="waiting-for-an-editor", status="pending",
             content="Ready.", terms=[("category", "news", "News")]),
        item(106, "Private notes", name="private-notes", status="private", content="Secret."),
        item(107, "Thrown away", name="thrown-away", status="trash", content="Gone."),
        item(108, "A slug that is taken", name="taken-slug", content="Second of its name.",
             terms=[("category", "search", "Search")]),
        item(109, "Café über alles — “quoted”", name="caf%c3%a9-%c3%bcber-alles",
             content="Naïve façade, 20 °C.", terms=[("category", "news", "News")]),
        item(110, "About us", post_type="page", name="about", content="We are the Gazette.",
             link=f"{site}/about/"),
        item(111, "Plain permalink", name="plain-permalink", link=f"{site}/?p=111",
             content="Linked as ?p=111.", terms=[("category", "news", "News")]),
        item(112, "A product", post_type="product", name="a-product", content="Buy it."),
        item(113, "Home", post_type="nav_menu_item", name="home", content=""),
    ]  # fmt: skip
    for post_id, relative, parent, title, caption, alt, _credit in CASE_ATTACHMENTS:
        posts.append(attachment(post_id, relative, parent, title, caption, alt))
    return posts


def write_uploads(uploads, size=(800, 533)):
    for post_id, relative, _parent, _title, _caption, _alt, credit in CASE_ATTACHMENTS:
        if "missing" in relative:
            continue
        path = Path(uploads) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if relative.endswith(".pdf"):
            path.write_bytes(b"%PDF-1.4 minutes\n")
            continue
        xmp = XMP.format(credit=credit, caption="Caption from the file") if credit else None
        path.write_bytes(picture(post_id, size, xmp))


def bulk_items(site, uploads, posts, attachments, size, first_post=1000, first_file=100000):
    """Plain stories, classic and block markup in turn; the first `attachments` have a
    featured image, and one in twenty also shows it in the text."""
    for n in range(attachments):
        relative = f"2019/{n % 12 + 1:02d}/bulk-{n}.jpg"
        if uploads:
            path = Path(uploads) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(picture(first_file + n, size))
        yield attachment(first_file + n, relative, first_post + n, f"Bulk picture {n}",
                         f"Caption {n}.", f"Alt {n}")  # fmt: skip
    start = datetime(2019, 1, 1, tzinfo=UTC)
    for n in range(posts):
        text = [
            f"{LOREM[(n + k) % len(LOREM)].strip('.')} (story {n}, part {k})." for k in range(6)
        ]
        image = ""
        if n < attachments and n % 20 == 0:
            src = f"{site}/wp-content/uploads/2019/{n % 12 + 1:02d}/bulk-{n}-300x200.jpg"
            image = f'<img class="wp-image-{first_file + n}" src="{src}" alt="">'
        if n % 2:
            body = "\n\n".join(text[:3] + [image] + text[3:])
        else:
            body = "\n\n".join(f"<!-- wp:paragraph -->\n<p>{t}</p>\n<!-- /wp:paragraph -->"
                               for t in text[:3] + ([image] if image else []) + text[3:])  # fmt: skip
        yield item(
            first_post + n, f"Story number {n}", name=f"story-number-{n}", content=body,
            excerpt=f"Deck of story {n}.", date=start + timedelta(hours=n),
            creator="jdoe" if n % 3 else "rsmith",
            terms=[("category", ("world", "news", "opinion")[n % 3], "x"),
                   ("post_tag", f"tag-{n % 30}", f"Tag {n % 30}")],
            meta={"_thumbnail_id": first_file + n} if n < attachments else {},
            comments=n % 3,
        )  # fmt: skip


def write_export(path, uploads=None, *, posts=0, attachments=0, cases=True, site=SITE,
                 size=(800, 533)):  # fmt: skip
    """Write the export to `path` and, with `uploads`, its files; returns `path`."""
    if uploads and cases:
        write_uploads(uploads, size)
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD.format(site=site, **{k: cdata(v) for k, v in NAMES.items()}))
        if cases:
            for text in case_items(site):
                out.write(text + "\n")
        for text in bulk_items(site, uploads, posts, attachments, size):
            out.write(text + "\n")
        out.write("</channel>\n</rss>\n")
    return path
