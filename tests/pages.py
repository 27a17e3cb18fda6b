"""Fictional news pages for tests, built in code: short articles of realistic shape.

Every article here is invented (places, people and events); none comes from real data.
Each body is several paragraphs, well over ``Settings.min_body_chars`` once cleaned.
"""

from __future__ import annotations

from html import escape

HARBOUR_TITLE = "Port Ellery breakwater to close for storm repairs"
HARBOUR = (
    "The harbour authority in Port Ellery confirmed on Tuesday that the northern breakwater "
    "will close for repairs after winter storms cracked its concrete crown in three places.",
    "Engineers working for the authority said the damage was worse than a first survey had "
    "suggested, and that divers had found loose armour blocks along the seaward face.",
    "Fishing crews who moor inside the breakwater will be moved to the eastern quay while the "
    "work goes on, according to a notice posted at the harbour office on Monday.",
    "Councillor Mara Voss, who chairs the harbour committee, told reporters the repairs would "
    "cost about four million euros and should be finished before the summer season begins.",
)

LIBRARY_TITLE = "Lindqvist Street library reopens after two-year rebuild"
LIBRARY = (
    "The public library on Lindqvist Street reopened on Saturday morning, two years after a "
    "burst water main flooded its basement archive and forced the building to close.",
    "Head librarian Tomas Arkell said more than eleven thousand books had been dried, cleaned "
    "or replaced, and that the local history collection had been moved to the upper floor.",
    "The rebuilt reading room has longer opening hours on weekdays, a children's corner near "
    "the entrance and a small studio that residents can book for recording podcasts.",
    "Several hundred people queued outside before the doors opened, and the first borrower, "
    "a retired ferry pilot, left with a stack of sea novels under each arm.",
)

# Quotes and accents for the encoding tests; the accented words sit mid-sentence.
MARKET_TITLE = "Night market returns to Carnot Square"
MARKET = (
    "After a two-year pause the night market on Carnot Square reopened on Friday, and the "
    "stall run by Hélène Bérard sold out of spiced bread before nine o’clock.",
    "“We were very moved to see our regulars again,” Ms Bérard said, adding that the café "
    "next door had lent her a second oven for the opening weekend.",
    "The prefecture said security checks at the entrances would be tightened, and that the "
    "pedestrian zone around the square would stay in place until the end of December.",
)

FRENCH_TITLE = "Le marché de Noël rouvre place Carnot"
FRENCH = (
    "Après deux années d'interruption, le marché de Noël de la place Carnot a rouvert ses "
    "portes vendredi soir, sous une pluie fine qui n'a pas découragé les premiers visiteurs.",
    "« Nous avons été très émus de retrouver nos habitués », a déclaré Hélène Bérard, qui vend "
    "des pains d'épices depuis dix-sept ans. Les exposants sont cette année cent vingt-trois.",
    "La préfecture a précisé que les contrôles de sécurité seraient renforcés aux entrées, et "
    "qu'une zone piétonne élargie serait mise en place jusqu'au vingt-quatre décembre.",
)

CHINESE_TITLE = "跨江大桥下月正式通车"
CHINESE = (
    "本市交通局周二宣布，连接东港新区与老城区的跨江大桥将于下月正式通车，"
    "这座大桥的建设工程历时四年，总投资约三十二亿元。",
    "交通局负责人在新闻发布会上表示，大桥通车后，两岸之间的通行时间将从目前的四十分钟"
    "缩短到十分钟左右，预计每天可分流约六万辆汽车。",
    "据了解，大桥全长二点八公里，设有双向六车道，并在两侧各设置了一条自行车道和人行步道，"
    "方便市民骑行和散步。",
    "一些沿江居民对噪音问题表示担忧。交通局回应称，已在靠近住宅区的路段安装了隔音屏障，"
    "并将在通车后进行为期半年的噪音监测。",
)
CHINESE_NAV = ("首页", "本地新闻", "体育")

ARABIC_TITLE = "المكتبة العامة الجديدة تفتح أبوابها الشهر المقبل"
ARABIC = (
    "أعلنت بلدية المدينة يوم الثلاثاء أن المكتبة العامة الجديدة ستفتح أبوابها للزوار مطلع "
    "الشهر المقبل، بعد أعمال بناء استمرت ثلاث سنوات.",
    "وقال رئيس البلدية في مؤتمر صحفي إن المكتبة تضم أكثر من مئتي ألف كتاب، إضافة إلى قاعات "
    "للقراءة ومختبر رقمي مخصص للطلاب والباحثين.",
    "وأوضح مدير المشروع أن المبنى صُمم ليستهلك نصف ما تستهلكه المباني المماثلة من الطاقة، "
    "بفضل الألواح الشمسية والنوافذ الواسعة.",
    "ورحب عدد من سكان الحي بالمشروع، معتبرين أنه سيمنح الشباب مكانا هادئا للدراسة بعيدا عن "
    "ازدحام المقاهي والشوارع.",
)
ARABIC_NAV = ("الرئيسية", "أخبار محلية", "رياضة")

ENGLISH_NAV = ("Home", "Local", "Sport", "Weather")


def html_page(
    title: str,
    paragraphs: tuple[str, ...],
    *,
    lang: str = "en",
    charset: str | None = "utf-8",
    nav: tuple[str, ...] = ENGLISH_NAV,
    direction: str = "ltr",
) -> str:
    """Return a news page: head, site navigation, one ``<article>``, a footer."""
    meta = f'<meta charset="{charset}">' if charset else ""
    links = "".join(f'<li><a href="/s/{i}">{escape(label)}</a></li>' for i, label in enumerate(nav))
    body = "\n".join(f"<p>{escape(para, quote=False)}</p>" for para in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head>{meta}<title>{escape(title)}</title></head>
<body>
<header><nav><ul>{links}</ul></nav></header>
<main><article>
<h1>{escape(title)}</h1>
{body}
</article></main>
<footer><p>&copy; The Ellery Courier</p></footer>
</body>
</html>
"""


def text_page(title: str, paragraphs: tuple[str, ...]) -> str:
    """Return an article as a scraper flattens it: headline, then paragraphs, blank-line apart."""
    return "\n\n".join((title, *paragraphs)) + "\n"


LOGIN_WALL = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in | The Ellery Courier</title></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><form action="/login" method="post">
<h2>Sign in to keep reading</h2>
<label>Email <input type="email" name="email"></label>
<label>Password <input type="password" name="password"></label>
<button type="submit">Sign in</button>
<a href="/subscribe">Subscribe</a> <a href="/reset">Forgot password?</a>
</form></main>
<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>
"""

NAV_ONLY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The Ellery Courier</title></head>
<body>
<nav><ul>
<li><a href="/local">Local</a></li><li><a href="/harbour">Harbour</a></li>
<li><a href="/council">Council</a></li><li><a href="/schools">Schools</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
<li><a href="/letters">Letters</a></li><li><a href="/obituaries">Obituaries</a></li>
</ul></nav>
<footer><a href="/about">About us</a> <a href="/contact">Contact</a></footer>
</body></html>
"""
