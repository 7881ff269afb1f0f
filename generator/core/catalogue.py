"""Every finding code the tool can report, what it means and how to fix it, in both languages.

A Finding carries its own message (with the row, the value, the column) and often its own
hint; this catalogue carries what is true of the code itself: where it belongs, how serious
it usually is, a title a manager understands and a generic fix. It backs `Finding.hint_text`
when a finding has no hint, and docs/findings.md is generated from it (docs/generate.py).

tests/test_catalogue.py fails when code in generator/ reports a code missing here, and when an
entry here is neither used nor reserved for work in progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.core.catalogue_archive import ARCHIVE_ENTRIES
from generator.core.catalogue_mail import MAIL_ENTRIES
from generator.core.findings import Severity

Area = Literal["file", "workbook", "roster", "scheme", "run", "config", "archive", "mail"]

# Order and names of the areas, as docs/findings.md shows them.
AREAS: dict[Area, tuple[str, str]] = {
    "file": ("提交的文件", "The submitted file"),
    "workbook": ("工作簿内容", "Workbook contents"),
    "roster": ("员工名单", "Employee roster"),
    "scheme": ("考核方案文件", "Scheme files"),
    "run": ("运行与输出", "Running and output"),
    "config": ("配置文件", "Configuration"),
    "archive": ("考核档案(数据库)", "The archive (database)"),
    "mail": ("邮件发送", "Sending e-mail"),
}


@dataclass(frozen=True)
class Code:
    code: str
    area: Area
    severity: Severity  # the usual one; a few codes are reported at either level
    title: str  # what it means, in words a manager understands
    title_en: str
    hint: str  # how to fix it, generically; a finding's own hint is more specific
    hint_en: str


E, W = Severity.ERROR, Severity.WARNING
SAVE_AS = "在 Excel 或 WPS 中打开,另存为“Excel 工作簿(*.xlsx)”后再提交。"
SAVE_AS_EN = "Open it in Excel or WPS, save it as an Excel Workbook (*.xlsx) and submit that."
TEMPLATE = "用 kpi-report template 重新生成模板,把数据抄过去后再提交。"
TEMPLATE_EN = "Generate the template again with kpi-report template, copy the data into it and resubmit."
FORMAT = "按报告的行号改正,写法见 docs/scheme-format.md。"
FORMAT_EN = "Fix it at the line given; docs/scheme-format.md shows how it is written."
MAINTAINERS = "重新运行一次;仍然失败时,把该工作簿和这条信息发给维护人员。"
MAINTAINERS_EN = "Run it again; if it still fails, send the workbook and this message to the maintainers."

_ENTRIES = (
    # -- file: the bytes submitted, before any cell is read ------------------------------------
    Code("file-unreadable", "file", E, "文件无法读取(不存在、没有权限或被其他程序占用)。",
         "The file cannot be read (missing, no permission, or held by another program).",
         "确认文件存在、有读取权限,并关闭正在使用它的程序。",
         "Check that the file exists and may be read, and close any program using it."),
    Code("file-empty", "file", E, "文件是空的(0 字节)。", "The file is empty (0 bytes).",
         "保存或传输可能中断了;重新保存后再提交。", "Saving or copying was probably interrupted; save it again and resubmit."),
    Code("file-too-large", "file", E, "文件大得不像一个团队的考核表或名单。",
         "The file is far larger than a team's workbook or roster can be.",
         "只保留考核数据,删除图片和多余的工作表。", "Keep only the appraisal data; delete pictures and extra sheets."),
    Code("file-not-excel", "file", E, "文件不是 Excel 工作簿(例如 Word 文档、压缩包、CSV 或网页)。",
         "The file is not an Excel workbook (it is e.g. a Word document, a zip archive, a CSV or a web page).",
         SAVE_AS, SAVE_AS_EN),
    Code("file-xls", "file", E, "文件是旧版 Excel 97–2003 格式(.xls),工具只读取 .xlsx。",
         "The file is in the old Excel 97–2003 format (.xls); only .xlsx is read.", SAVE_AS, SAVE_AS_EN),
    Code("file-encrypted", "file", E, "文件设置了打开密码,工具无法读取。",
         "The file is password-protected and cannot be read.",
         "在 Excel/WPS 中清除密码(文件 → 信息 → 保护工作簿 → 用密码进行加密)后保存再提交。",
         "Remove the password (File → Info → Protect Workbook → Encrypt with Password), save and resubmit."),
    Code("file-truncated", "file", E, "文件不完整或已损坏,通常是下载、复制或保存时中断了。",
         "The file is incomplete or damaged, usually by an interrupted download, copy or save.",
         "重新保存或重新获取原文件后再提交。", "Save or fetch the file again and resubmit."),
    Code("file-zip-bomb", "file", E, "文件解压后大小或部件数量异常,为安全起见不予读取。",
         "The file would unpack to an abnormal size or number of parts; for safety it is not read.",
         "确认这是正常的考核表;在 Excel 中打开并另存为新的 .xlsx 后再提交。",
         "Make sure it is a real appraisal workbook; open it in Excel and save it as a new .xlsx."),
    Code("sheet-too-large", "file", E, "工作表声明的行列范围大得离谱(常见于把格式应用到了整行或整列)。",
         "A sheet claims an absurd number of rows or columns (often formatting applied to whole rows or columns).",
         "删除多余的空白行和列后保存再提交。", "Delete the unused rows and columns, save and resubmit."),
    Code("file-damaged", "file", E, "文件无法作为 Excel 工作簿打开。", "The file cannot be opened as an Excel workbook.",
         "在 Excel 或 WPS 中打开后重新保存为 .xlsx。", "Open it in Excel or WPS and save it again as .xlsx."),
    Code("not-a-workbook", "file", E, "这不是可以处理的 .xlsx 工作簿。", "This is not an .xlsx workbook that can be processed.",
         "提交用 kpi-report template 生成并填写好的 .xlsx 工作簿。",
         "Submit the .xlsx workbook made with kpi-report template, filled in."),
    # -- workbook: the template's structure, its header and its cells --------------------------
    Code("missing-sheet", "workbook", E, "找不到数据工作表(被改名或删除了)。",
         "The data sheet is missing (renamed or deleted).",
         "把工作表名称改回模板中的名称,或" + TEMPLATE, "Rename the sheet back, or: " + TEMPLATE_EN),
    Code("missing-header-row", "workbook", E, "找不到表头行(含“工号”“姓名”的一行)。",
         "The header row (the one with the employee ID and name) cannot be found.", TEMPLATE, TEMPLATE_EN),
    Code("header-moved", "workbook", W, "表头行不在模板规定的位置(上方插入或删除了行);已按实际位置读取。",
         "The header row has moved (rows were inserted or deleted above it); it was read where it is.",
         "不要在表头上方插入或删除行。", "Do not insert or delete rows above the header."),
    Code("missing-column", "workbook", E, "模板中的一列被删除了(可选列缺失时只是警告)。",
         "A template column was deleted (only a warning for an optional column).",
         "把这一列补回原位置,或" + TEMPLATE, "Restore the column where it was, or: " + TEMPLATE_EN),
    Code("renamed-column", "workbook", E, "一列的表头被改动,工具无法确认这一列的含义。",
         "A column's header was changed, so the tool cannot tell what the column holds.",
         "把表头改回模板中的文字。", "Change the header back to the template's text."),
    Code("duplicate-column", "workbook", E, "同一个表头出现了两次。", "The same column header appears twice.",
         "删除重复的一列。", "Delete the duplicate column."),
    Code("extra-column", "workbook", W, "多出了模板之外的一列,其中的内容不会被读取。",
         "There is a column the template does not have; its contents are ignored.",
         "如不需要请删除这一列。", "Delete the column if it is not needed."),
    Code("unknown-event", "workbook", E, "多出的一列像是加扣分或雷区,但方案中没有这个项目,不会计入考核。",
         "An extra column looks like a bonus, deduction or veto event the scheme does not have; it would not count.",
         "只使用方案中定义的加扣分项与雷区;确需新增请联系 HR 修改考核方案。",
         "Use only the scheme's events; ask HR to change the scheme if a new one is needed."),
    Code("too-many-rows", "workbook", E, "数据行数超过一个团队工作簿的上限,多出的行没有读取。",
         "There are more data rows than a team workbook may hold; the extra rows were not read.",
         "一个工作簿只放一个团队;删除多余的行。", "Put one team in each workbook; delete the extra rows."),
    Code("no-employees", "workbook", E, "工作簿中没有任何员工数据。", "The workbook lists no employees.",
         "每位员工填写一行。", "Fill in one row per employee."),
    Code("unknown-scheme", "workbook", E, "无法确定工作簿使用的考核方案(方案编号缺失、无效或不存在)。",
         "The workbook's appraisal scheme cannot be identified (its scheme id is missing, invalid or unknown).",
         "不要改动方案编号;" + TEMPLATE, "Do not edit the scheme id. " + TEMPLATE_EN),
    Code("meta-missing", "workbook", W, "工作簿缺少隐藏的方案信息,已按表头中的方案编号识别。",
         "The workbook's hidden scheme information is missing; the visible scheme id was used.",
         "使用 kpi-report template 生成的模板,不要把数据复制到新建的工作簿。",
         "Use the generated template; do not copy the data into a new workbook."),
    Code("scheme-invalid", "workbook", E, "工作簿所用的考核方案本身有错误,无法计算。",
         "The scheme the workbook uses is itself broken, so nothing can be computed.",
         "请 HR 运行 kpi-report schemes check 修正方案文件。", "Ask HR to run kpi-report schemes check and fix the scheme file."),
    Code("scheme-version-mismatch", "workbook", E, "工作簿是按方案的另一个版本生成的,列与计分规则可能不同。",
         "The workbook was made for another version of its scheme; columns and scoring rules may differ.",
         TEMPLATE, TEMPLATE_EN),
    Code("scheme-changed", "workbook", E, "生成模板之后方案内容被改过,但版本号没有变,无法确定按哪套规则计算。",
         "The scheme's content changed after the template was made but its version did not.",
         "请 HR 修改方案时同时提高版本号(version),然后" + TEMPLATE,
         "Ask HR to raise the scheme's version with every change, then: " + TEMPLATE_EN),
    Code("scheme-mismatch", "workbook", E, "工作簿使用的方案与命令中 --scheme 指定的方案不同。",
         "The workbook's scheme differs from the one given with --scheme.",
         "检查 --scheme 是否写对,或确认提交的是这个方案的工作簿。",
         "Check the --scheme given, or that the workbook belongs to that scheme."),
    Code("period-invalid", "workbook", E, "考核周期无法识别。", "The appraisal period cannot be read.",
         "按方案的周期写:月度 2026-10 或 2026年10月,季度 2026Q4 或 2026年第四季度,半年度 2026H2,年度 2026。",
         "Write it for the scheme's period: month 2026-10, quarter 2026Q4, half-year 2026H2, year 2026."),
    Code("period-kind-mismatch", "workbook", E, "考核周期的类型与方案不符(例如季度方案填了月份)。", "The period is "
         "of another kind than the scheme's (a month in a quarterly scheme, say).",
         "按方案的考核周期填写,例如季度方案写 2026Q4,月度方案写 2026-10。",
         "Write a period of the scheme's kind: 2026Q4 for a quarterly scheme, 2026-10 for a monthly one."),
    Code("period-mismatch", "workbook", E, "工作簿的考核周期与本次处理的周期不同。",
         "The workbook's period differs from the period being processed.",
         "确认提交的是本期的工作簿。", "Check that this is the workbook for the current period."),
    Code("period-changed", "workbook", W, "考核周期被改动,与生成模板时的周期不同。",
         "The period was changed from the one the template was made for.",
         "确认周期无误;建议每期重新生成模板。", "Make sure the period is right; generate a new template each period."),
    Code("formula-in-input", "workbook", E, "应填数值的单元格里是公式;工具不读取公式的计算结果。",
         "A cell that needs a value holds a formula; formula results are never read.",
         "直接填写数值(可复制后“选择性粘贴 → 数值”)。", "Type the value itself (or Paste Special → Values)."),
    Code("wrong-type", "workbook", E, "单元格内容的类型不对(文字、日期或 Excel 错误值,而不是数值)。",
         "A cell holds the wrong kind of content (text, a date or an Excel error instead of a number).",
         "只填写数值;没有发生请填 0。", "Enter a number only; enter 0 when nothing happened."),
    Code("not-whole-number", "workbook", E, "应为整数(次数、人数)的地方填了小数。",
         "A count (times, people) is not a whole number.", "填写整数。", "Enter a whole number."),
    Code("empty-required", "workbook", E, "必填项没有填写。", "A required cell is empty.",
         "填写数值;没有发生请填 0。", "Enter a value; enter 0 when nothing happened."),
    Code("invalid-level", "workbook", E, "填写的等级不是方案允许的选项。", "The level given is not one the scheme allows.",
         "从下拉列表中选择等级。", "Choose a level from the drop-down list."),
    Code("out-of-range", "workbook", E, "数值超出允许的范围。", "A value is outside its allowed range.",
         "核对数值的单位,以及是否多打或少打了 0。", "Check the value's unit and whether a zero was added or dropped."),
    Code("ambiguous-percent", "workbook", W, "百分比列混用小数(0.95)和百分点(95),这个数两种读法都说得通。",
         "A percent column mixes 0.95 and 95, so this number reads two ways.", "写上百分号(如 1.5% 或 150%)。",
         "Type the percent sign (1.5% or 150%), or use one form in the whole column."),
    Code("missing-employee-id", "workbook", E, "这一行有数据但没有工号。", "A row has data but no employee ID.",
         "填写工号;多余的行请整行删除。", "Enter the ID, or delete the whole row."),
    Code("duplicate-id", "workbook", E, "同一个工号出现在多行。", "The same employee ID appears on more than one row.",
         "每位员工只占一行;检查是否重复粘贴或工号填错。", "Keep one row per employee; look for a repeated paste or a mistyped ID."),
    Code("invalid-email", "workbook", W, "邮箱格式不正确,个人报告将无法发送。",
         "An e-mail address is not valid, so the personal report cannot be sent.",
         "改正邮箱地址,例如 zhangsan@example.com。", "Correct the address, e.g. zhangsan@example.com."),
    Code("email-several", "workbook", W, "一个邮箱单元格里写了不止一个地址。", "One e-mail cell holds more than one address.",
         "每人只填本人的一个邮箱;抄送他人请用配置的 mail.cc。",
         "Give each employee their own single address; copies to others go in the configuration's mail.cc."),
    Code("email-duplicate", "workbook", W, "同一个邮箱填给了两名员工,一人的报告会发到另一人那里。",
         "The same e-mail address is given for two employees, so one person's report would reach the other.",
         "改正为各自本人的邮箱;改正之前两人都不会收到邮件。", "Give each employee their own address; neither is mailed until it is corrected."),
    Code("merged-cells", "workbook", W, "数据区有合并单元格,已按其中的值读取。",
         "The data holds merged cells; the merged value was used.",
         "取消合并,每位员工单独填写。", "Unmerge the cells and fill in each employee's own cell."),
    Code("zero-denominator", "workbook", E, "比率指标的分母为 0,无法计算。", "A ratio's denominator is 0, so it cannot be computed.",
         "核对作为分母的那一列(例如总数不应为 0)。", "Check the column used as the denominator (a total should not be 0)."),
    Code("numerator-exceeds-denominator", "workbook", E, "比率的分子大于分母,结果会超过 100%。",
         "A ratio's numerator is larger than its denominator, so it would exceed 100%.",
         "检查两列是否填反,或是否多打了一位数字。", "Check whether the two columns are swapped or a digit was added."),
    Code("missing-rater", "workbook", E, "缺少必需的评分人打分。", "A required rater's score is missing.",
         "请相应的评分人填写分数。", "Have the rater enter the score."),
    Code("missing-value", "workbook", E, "计算得分时缺少某项数据。", "A value needed to compute a score is missing.",
         "在工作簿中补填缺少的数据。", "Fill in the missing value in the workbook."),
    Code("value-outside-bands", "workbook", E, "数值不在方案规定的任何分数段内,无法计分。",
         "A value falls in none of the scheme's score bands, so it cannot be scored.",
         "核对数值是否合理;数值无误时请 HR 在方案中补全分数段。",
         "Check the value; if it is right, ask HR to make the scheme's bands cover it."),
    Code("no-commission-tier", "workbook", E, "比例不在方案的任何提点档次内,无法计算奖金。",
         "A rate falls in none of the scheme's commission tiers, so the bonus cannot be computed.",
         "核对数据;数据无误时请 HR 在方案中补全提点档次。", "Check the data; if it is right, ask HR to complete the tiers."),
    Code("preview-formula-edited", "workbook", W, "“预览总分”的公式被改动或被手填的数值覆盖;得分以重新计算为准。",
         "The preview-total formula was edited or typed over; the recomputed total counts.",
         "不要改动预览列;需要恢复时重新生成模板。", "Leave the preview column alone; generate the template again to restore it."),
    Code("preview-total-mismatch", "workbook", W, "表中的预览总分与重新计算的得分不同;以重新计算为准。",
         "The preview total differs from the recomputed total; the recomputed total counts.",
         "检查是否改动了公式或列的位置。", "Check whether formulas or columns were changed."),
    # -- roster: the employee list a pre-filled template is made from --------------------------
    Code("roster-empty", "roster", E, "员工名单是空的。", "The employee roster is empty.",
         "在名单中为每位员工填写一行。", "Fill in one row per employee."),
    Code("roster-missing-column", "roster", E, "员工名单缺少必需的列。", "The roster lacks a required column.",
         "第一行应为表头:工号、姓名、岗位、部门、邮箱。", "The first row must be the header: 工号, 姓名, 岗位, 部门, 邮箱."),
    Code("roster-incomplete", "roster", E, "名单中有一行缺少工号或姓名。", "A roster row lacks an ID or a name.",
         "补全工号和姓名,或删除这一行。", "Fill in the ID and name, or delete the row."),
    Code("roster-duplicate-id", "roster", E, "名单中同一个工号出现了多次。", "The same ID appears more than once in the roster.",
         "每位员工只保留一行。", "Keep one row per employee."),
    # -- scheme: a scheme file as HR writes it (findings carry the line) -----------------------
    Code("roster-not-found", "roster", E, "找不到员工名单文件。", "The roster file does not exist.",
         "检查 --roster 后面的路径。", "Check the path after --roster."),
    Code("roster-no-employees", "roster", E, "员工名单中没有任何员工。", "The roster lists no employees.",
         "每位员工一行:工号、姓名、岗位、部门、邮箱。", "One row per employee: ID, name, position, department, e-mail."),
    Code("template-target-occupied", "roster", E, "要写模板的位置已有填写了数据的工作簿(或不是本工具生成的文件),没有覆盖。",
         "A template was not written: the file there holds data (or was not made by this tool).",
         "换一个文件名或文件夹;确认不再需要原文件时加 --force。",
         "Choose another name or folder; add --force once the existing file is no longer needed."),
    Code("scheme-dir-not-found", "scheme", E, "指定的方案文件夹不存在。", "A schemes folder that was given does not exist.",
         "检查 --schemes-dir、配置文件的 schemes_dirs 或 KPI_REPORT_SCHEMES。",
         "Check --schemes-dir, schemes_dirs in the configuration, or KPI_REPORT_SCHEMES."),
    Code("scheme-unreadable", "scheme", E, "方案文件无法读取。", "A scheme file cannot be read.",
         "检查文件是否存在、可读,并以 UTF-8 保存。", "Check that the file exists, is readable and is saved as UTF-8."),
    Code("scheme-id-changed", "scheme", E, "方案文件在运行期间被修改,id 与列出时不同。",
         "A scheme file changed during the run: its id is not the one listed.",
         "文件被修改后请重新运行。", "Run again once the file is no longer being changed."),
    Code("scheme-not-found", "scheme", E, "找不到指定的考核方案。", "There is no scheme with that id.",
         "运行 kpi-report schemes 查看可用的方案,检查方案编号的拼写。",
         "Run kpi-report schemes to list the schemes and check the id's spelling."),
    Code("scheme-duplicate", "scheme", E, "同一个方案编号在两个方案文件中都有定义,无法确定用哪一个。",
         "The same scheme id is defined in two files, so it is unclear which one counts.",
         "删除其中一个文件,或修改其中一个的方案编号(id)。", "Delete one of the files, or change the id in one of them."),
    Code("scheme-yaml", "scheme", E, "方案文件的格式错误(不是有效的 YAML,常见于缩进、冒号或引号)。",
         "The scheme file is not valid YAML (usually indentation, a colon or a quote).",
         "按报告的行号检查缩进、冒号和引号。", "Check indentation, colons and quotes at the line given."),
    Code("scheme-not-mapping", "scheme", E, "方案中应写成“键: 值”的地方写成了别的形式。",
         "Something that must be a set of “key: value” pairs is written otherwise.", FORMAT, FORMAT_EN),
    Code("scheme-not-list", "scheme", E, "方案中应写成列表(每项以“- ”开头)的地方写成了别的形式。",
         "Something that must be a list (each item starting with “- ”) is written otherwise.", FORMAT, FORMAT_EN),
    Code("scheme-unknown-key", "scheme", E, "方案中有未知的键(拼写错误或放错了位置)。",
         "The scheme has a key the tool does not know (misspelt or misplaced).",
         "改正拼写或位置;可用的键见这条信息或 docs/scheme-format.md。",
         "Fix the spelling or place; the allowed keys are in the message and in docs/scheme-format.md."),
    Code("scheme-missing-key", "scheme", E, "方案缺少一个必需的项。", "The scheme lacks a required key.", FORMAT, FORMAT_EN),
    Code("scheme-bad-value", "scheme", E, "方案中的一个值无法识别或不合理。", "A value in the scheme cannot be read or makes no sense.",
         FORMAT, FORMAT_EN),
    Code("scheme-period-kind", "scheme", E, "方案的考核周期 period 不是 month、quarter、half 或 year。",
         "The scheme's period is not month, quarter, half or year.", FORMAT, FORMAT_EN),
    Code("scheme-cutoff-day", "scheme", E, "方案的月结日 cutoff_day 不是 1 到 28 之间的整数。",
         "The scheme's cutoff_day is not a whole number from 1 to 28.", "例如 cutoff_day: 25 表示每月 26 日至次月 25 日"
         "为一期;按自然月考核时删去这一行。", "E.g. 25: from the 26th to the 25th; delete it for calendar months."),
    Code("scheme-duplicate-id", "scheme", E, "同一个编号(id)在方案中用了两次。", "The same id is used twice in the scheme.",
         "给每个输入项、考核部分和指标各取不同的 id。", "Give every input, section and indicator its own id."),
    Code("scheme-unknown-rater", "scheme", E, "评分人缺席时把权重转给了一个不存在的评分人。",
         "A rater hands its weight to a rater that does not exist.",
         "改为已定义的评分人 id。", "Name a rater defined under raters."),
    Code("scheme-no-sections", "scheme", E, "方案没有任何考核部分。", "The scheme has no sections.",
         "在 sections 下至少定义一个考核部分。", "Define at least one section under sections."),
    Code("scheme-no-indicators", "scheme", E, "一个考核部分没有任何指标。", "A section has no indicators.",
         "为这个部分定义指标,或删除这个部分。", "Give the section indicators, or delete it."),
    Code("scheme-no-grades", "scheme", E, "方案没有定义考核等级。", "The scheme defines no grades.",
         "在 grades 下定义考核等级及其分数段。", "Define the grades and their score ranges under grades."),
    Code("scheme-grade-bands", "scheme", E, "考核等级的分数段有重叠或空档。", "The grades' score ranges overlap or leave a gap.",
         "每个总分必须恰好落在一个等级中,例如 [91, 100] 与 [81, 91)。",
         "Every total must fall in exactly one grade, e.g. [91, 100] and [81, 91)."),
    Code("scheme-bands", "scheme", E, "指标的分数段有重叠或空档。", "An indicator's bands overlap or leave a gap.",
         "相邻两段在同一个边界上一开一闭,例如 [65%, 75%) 与 [75%, +inf)。",
         "Neighbouring bands share each edge, closed on exactly one side: [65%, 75%) and [75%, +inf)."),
    Code("scheme-band-points", "scheme", E, "分数段或等级给出的分值超出了该指标的满分范围。",
         "A band or level gives more points than the indicator allows (or fewer than 0).",
         "把分值改在 0 到该指标满分之间。", "Keep the points between 0 and the indicator's maximum."),
    Code("scheme-band-direction", "scheme", E, "分数段的分值与指标方向不一致(数值越好,分数应越高)。",
         "The bands' points go against the indicator's direction (a better value must score higher).",
         "检查 direction 与各段的分值。", "Check the direction and the points of each band."),
    Code("scheme-level-points", "scheme", E, "按等级打分的指标缺少某些等级的分值。",
         "An indicator scored by level has no points for some levels.",
         "为每个等级给出分值。", "Give points for every level."),
    Code("scheme-tier-bands", "scheme", E, "提点比例的档次有重叠或空档。", "The commission tiers overlap or leave a gap.",
         "相邻档次在同一个边界上一开一闭。", "Neighbouring tiers share each edge, closed on exactly one side."),
    Code("scheme-unknown-rule", "scheme", E, "指标使用了不存在的计分规则。", "An indicator uses a scoring rule that does not exist.",
         "改用已有的规则(kind),可用的规则见这条信息。", "Use an existing rule kind; the message lists them."),
    Code("scheme-unknown-bonus", "scheme", E, "奖金公式的类型不存在。", "The bonus formula's kind does not exist.",
         "改用已有的奖金公式,可用的类型见这条信息。", "Use an existing bonus kind; the message lists them."),
    Code("scheme-unknown-grade", "scheme", E, "雷区或连续期规则指向了不存在的考核等级。",
         "A veto or a history rule names a grade that does not exist.",
         "改为方案中已定义的等级。", "Name one of the scheme's grades."),
    Code("scheme-unknown-input", "scheme", E, "公式或指标引用了未定义的输入项。", "A formula or indicator refers to an undefined input.",
         "在 inputs 中定义它,或改正拼写。", "Define it under inputs, or fix the spelling."),
    Code("scheme-unused-input", "scheme", W, "输入项没有被任何规则使用,模板中会多出无用的一列。",
         "An input is used by no rule, so the template gets a useless column.",
         "删除这个输入项,或在指标中使用它。", "Delete the input, or use it in an indicator."),
    Code("scheme-no-raters", "scheme", E, "指标由评分人打分,但方案没有定义评分人。",
         "An indicator is scored by raters but the scheme defines none.",
         "在 raters 中定义评分人。", "Define the raters under raters."),
    Code("scheme-weights", "scheme", E, "权重合计不是 100。", "The weights do not add up to 100.",
         "调整权重使其合计为 100(%)。", "Make the weights add up to 100 (%)."),
    # -- run: the machine, the output folder, the tool itself ----------------------------------
    Code("stale-reports", "run", W, "这个工作簿的新版本未通过,输出文件夹里仍是较早版本生成的报告。",
         "A newer version of this workbook was rejected; the output folder still holds the earlier version's reports.",
         "按批注副本改正后重新运行;在此之前不要发放该文件夹中的报告。",
         "Fix the workbook as the annotated copy shows and run again; until then do not hand out those reports."),
    Code("interrupted", "run", E, "运行被中断(Ctrl-C),这个工作簿的报告没有全部生成。",
         "The run was interrupted (Ctrl-C) before this workbook's reports were all written.",
         "重新运行;完成后文件夹中的“未完成-INCOMPLETE.txt”会被删除。", "Run again; the INCOMPLETE note then goes."),
    Code("output-busy", "run", E, "输出文件夹正被另一个运行占用。", "The output folder is in use by another run.",
         "等另一个运行结束后再试,或用 --out 指定另一个文件夹。",
         "Try again when the other run has finished, or choose another folder with --out."),
    Code("internal-error", "run", E, "处理这个工作簿时工具内部出错;其他工作簿不受影响。",
         "The tool failed internally on this workbook; the other workbooks are not affected.",
         "把该工作簿和这条信息发给维护人员。", "Send the workbook and this message to the maintainers."),
    Code("render-failed", "run", E, "报告(Excel 或 PDF)生成失败。", "A report (Excel or PDF) could not be produced.",
         MAINTAINERS, MAINTAINERS_EN),
    Code("annotate-failed", "run", W, "无法生成带批注的工作簿副本;问题清单本身不受影响。",
         "The annotated copy of the workbook could not be written; the list of problems is unaffected.",
         "检查输出文件夹是否可写、磁盘是否已满。", "Check that the output folder is writable and the disk is not full."),
    Code("subscriber-failed", "run", E, "报告已生成,但之后的处理(归档、邮件等)失败了。",
         "The reports were written, but a later step (archive, mail …) failed.",
         "查看信息和日志,解决后重新运行;已生成的报告不受影响。", "Read the message and the log, fix it and run again; "
         "the reports already written stay."),
    Code("no-cjk-font", "run", W, "这台电脑没有中文字体,PDF 报告中的汉字将无法显示。",
         "This machine has no Chinese font, so Chinese text in PDF reports will not display.",
         "安装 fonts-noto-cjk,或运行 make setup。", "Install fonts-noto-cjk, or run make setup."),
    Code("no-harfbuzz-subset", "run", W, "这台电脑缺少 libharfbuzz-subset,生成 PDF 会慢很多。",
         "This machine lacks libharfbuzz-subset, so PDF reports are much slower to make.",
         "安装 libharfbuzz-subset0,或运行 make setup。", "Install libharfbuzz-subset0, or run make setup."),
    # -- config: the configuration file and its settings ---------------------------------------
    Code("config-missing-file", "config", E, "找不到指定的配置文件。", "The configuration file given does not exist.",
         "检查 --config 后面的路径;不用配置文件时去掉 --config。",
         "Check the path after --config, or leave --config out to use none."),
    Code("config-syntax", "config", E, "配置文件的格式错误(不是有效的 TOML)。", "The configuration file is not valid TOML.",
         "按报告的行号改正写法,例如文字要加引号。", "Fix it at the line given; for example, text needs quotes."),
    Code("config-unknown-key", "config", E, "配置文件中有未知的设置项(拼写错误或放错了位置)。",
         "The configuration has a setting the tool does not know (misspelt or misplaced).",
         "改正拼写或位置,或删除这一项。", "Fix the spelling or place, or delete the setting."),
    Code("config-bad-type", "config", E, "设置项的值类型不对(例如应为数字却写了文字)。",
         "A setting has the wrong kind of value (e.g. text where a number is needed).",
         "按这条信息说明的类型改写这个值。", "Write the value as the kind the message names."),
    Code("config-bad-value", "config", E, "设置项的值不能用(超出范围或不是允许的选项)。",
         "A setting's value cannot be used (out of range, or not one of the choices).",
         "改为这条信息说明的允许值。", "Use a value the message allows."),
    Code("config-password-in-file", "config", E, "配置文件里写了密码等机密信息,这是不允许的。",
         "The configuration file holds a password or other secret, which is not allowed.",
         "从文件中删掉这一行,运行前用环境变量 KPI_REPORT_SMTP_PASSWORD 提供。",
         "Delete the line and provide it in the environment variable KPI_REPORT_SMTP_PASSWORD."),
    Code("config-unreadable", "config", E, "配置文件无法读取。", "The configuration file cannot be read.",
         "检查文件是否存在、是否有读取权限。", "Check that the file exists and can be read."),
    Code("config-encoding", "config", E, "配置文件不是 UTF-8 编码。", "The configuration file is not UTF-8.",
         "用记事本或编辑器另存为 UTF-8 编码。", "Save it again as UTF-8 in your editor."),
    Code("config-bad-env", "config", E, "一个 KPI_REPORT_… 环境变量的值不能用。",
         "A KPI_REPORT_… environment variable holds a value that cannot be used.",
         "按信息改正该环境变量,或取消设置。", "Fix the variable as the message says, or unset it."),
    Code("config-bad-option", "config", E, "命令行选项的值不能用。", "A command-line option's value cannot be used.",
         "按信息改正该选项。", "Fix the option as the message says."),
    Code("config-tls-conflict", "config", E, "邮件设置中 ssl 与 starttls 同时打开,只能选一种。",
         "The mail settings turn on both ssl and starttls; choose one.",
         "端口 465 用 ssl = true,端口 587 用 starttls = true。", "Use ssl = true for port 465, starttls = true for 587."),
    Code("config-unknown-env", "config", W, "有一个不认识的 KPI_REPORT_… 环境变量,已忽略。",
         "An unknown KPI_REPORT_… environment variable was ignored.",
         "检查拼写(见 docs/config.md 的列表),或删除该变量。", "Check its spelling against docs/config.md, or unset it."),
)

# catalogue_archive.py and catalogue_mail.py: kept apart for size, one catalogue all the same
_ENTRIES = (*_ENTRIES, *(Code(c, "archive", *rest) for c, *rest in ARCHIVE_ENTRIES),
            *(Code(c, "mail", *rest) for c, *rest in MAIL_ENTRIES))
CATALOGUE: dict[str, Code] = {c.code: c for c in _ENTRIES}
if len(CATALOGUE) != len(_ENTRIES):  # pragma: no cover - caught the moment the module is imported
    raise ValueError("a finding code is catalogued twice")


def lookup(code: str) -> Code:
    """The entry for `code`; KeyError for a code nobody catalogued."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError(f"unknown finding code {code!r}: add it to generator/core/catalogue.py") from None


def codes(area: Area | None = None) -> list[Code]:
    """Entries in catalogue order, all of them or those of one area."""
    return [c for c in _ENTRIES if area is None or c.area == area]
