"""PDF reports (jinja2 + WeasyPrint): one per employee and one for the team.

Every template is autoescaped whatever its file name (`Environment(autoescape=True)`;
`select_autoescape` leaves `.j2` files unescaped), and WeasyPrint may fetch nothing but
the package's own stylesheets (see fetcher.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from generator.report.fonts import import_weasyprint

import_weasyprint()  # before any `from weasyprint …`: no compiler runs at import

from weasyprint import CSS  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from generator.core.files import atomic_target  # noqa: E402
from generator.core.text import texts  # noqa: E402
from generator.model.results import EmployeeResult, TeamResult  # noqa: E402
from generator.report import compact_fonts, pango_leak  # noqa: E402
from generator.report.chart import grade_chart  # noqa: E402
from generator.report.context import ReportMeta  # noqa: E402
from generator.report.fetcher import AssetFetcher, assets_dir  # noqa: E402
from generator.report.lean_ua import LeanHTML  # noqa: E402
from generator.report.plan_view import plan_view  # noqa: E402
from generator.report.views import employee_view, meta_view, signoff_view, team_view  # noqa: E402

CHART_FONT = "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif"

_ENV: jinja2.Environment | None = None


def template_env() -> jinja2.Environment:
    global _ENV  # one parsed-template cache per process
    if _ENV is None:
        _ENV = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(assets_dir())),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENV


def _render(template: str, **context: Any) -> str:
    return template_env().get_template(template).render(**context)


def employee_html(result: EmployeeResult, meta: ReportMeta) -> str:
    return _render("employee.html.j2", lang=meta.lang, t=texts("report", meta.lang), meta=meta_view(meta),
                   e=employee_view(result, meta), report_id=meta.report_id(result.employee.id),
                   sign=signoff_view(meta), plan=plan_view(result, meta.lang), tp=texts("plan", meta.lang))


def team_html(team: TeamResult, meta: ReportMeta) -> str:
    return _render("team.html.j2", lang=meta.lang, t=texts("report", meta.lang), meta=meta_view(meta),
                   team=team_view(team, meta), report_id=meta.report_id(), sign=signoff_view(meta, team=True),
                   chart=grade_chart(team.distribution, meta.lang, CHART_FONT))


class PdfWriter:
    """Writes HTML to PDF with one FontConfiguration, reused for every document of a process.

    Building the font configuration and the font subsetting caches is the slow part of a
    first render; a worker process keeps one writer for its whole life. The CJK fonts are
    embedded as compact subsets (compact_fonts.py): about 45 KB a page instead of 250 KB.
    """

    STYLESHEETS = ("fonts.css", "report.css")

    def __init__(self, root: Path | None = None):
        self.root = root or assets_dir()
        self.compact_fonts = compact_fonts.install()
        self.leak_plugged = pango_leak.install()
        self.font_config = FontConfiguration()
        self.refused: list[str] = []  # every URL a document asked for and did not get
        # Parsed once per process and handed to every document (about a tenth of a report's
        # render time otherwise); the templates therefore carry no <link rel=stylesheet>.
        fetcher = AssetFetcher(self.root)
        self.stylesheets = [CSS(filename=str(self.root / name), url_fetcher=fetcher, font_config=self.font_config)
                            for name in self.STYLESHEETS]

    def warm(self) -> None:
        """Render a scrap page in both weights, Chinese and figures: fontconfig, Pango and the faces are
        loaded before the first report, which would otherwise cost ~0.1–0.2 s more than the next ones."""
        import io

        scrap = ('<html lang="zh-CN"><body><h1>员工绩效考核报告</h1><table><tr><th>得分</th>'
                 '<td class="num">80.00 / 100</td></tr></table></body></html>')
        self._render(scrap, io.BytesIO())

    def write(self, html: str, path: Path) -> Path:
        with atomic_target(path) as tmp:
            self._render(html, str(tmp))
        return path

    def _render(self, html: str, target: Any) -> None:
        fetcher = AssetFetcher(self.root)
        document = LeanHTML(string=html, base_url=str(self.root) + "/", url_fetcher=fetcher)
        document.write_pdf(target, font_config=self.font_config, stylesheets=self.stylesheets)
        self.refused.extend(fetcher.refused)
