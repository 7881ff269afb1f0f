"""The catalogue's entries for the archive area (the database of every appraisal): part of the one
catalogue in generator/core/catalogue.py, which imports them; kept apart only so that module stays
under 400 lines."""

from __future__ import annotations

from generator.core.catalogue_files import Code, E

ARCHIVE_ENTRIES: tuple[Code, ...] = (
    Code("archive-locked", "archive", E, "考核档案正被另一个程序写入,等待超时。",
         "The archive is being written by another program and the wait timed out.",
         "稍后再试;若一直如此,检查是否有卡住的 kpi-report 进程。",
         "Try again shortly; if it persists, look for a stuck kpi-report process."),
    Code("archive-readonly", "archive", E, "考核档案只能读,不能写入。", "The archive can be read but not written.",
         "检查数据库文件及其文件夹的写权限,或数据库账号的权限。",
         "Check write permission on the database file and its folder, or the database account's rights."),
    Code("archive-corrupt", "archive", E, "考核档案文件已损坏,或不是 SQLite 数据库。",
         "The archive file is damaged or is not an SQLite database.",
         "从备份恢复,或用 --archive 指定另一个文件;该文件未被改动。",
         "Restore it from a backup, or choose another file with --archive; the file was not changed."),
    Code("archive-newer-schema", "archive", E, "考核档案由更新版本的 kpi-report 创建,本版本无法使用。",
         "The archive was created by a newer kpi-report; this version cannot use it.",
         "升级 kpi-report 后再运行;档案未被改动。", "Upgrade kpi-report and run again; the archive was not changed."),
    Code("archive-unreachable", "archive", E, "无法连接考核档案的数据库服务器。", "The archive's database server cannot be reached.",
         "检查 --archive / KPI_REPORT_ARCHIVE 中的地址、端口、用户名,以及服务器是否在运行。",
         "Check the host, port and user in --archive / KPI_REPORT_ARCHIVE, and that the server is running."),
    Code("archive-error", "archive", E, "访问考核档案时数据库报错。", "The database reported an error while using the archive.",
         "查看信息中的数据库错误;必要时联系维护人员。", "Read the database error in the message; ask the maintainers if needed."),
    Code("archive-import-invalid", "archive", E, "要导入的 results.json 无法读取或格式不对。",
         "The results.json to import cannot be read or is not in the expected form.",
         "确认它是 kpi-report run 生成的 results.json(见 docs/results-json.md)。",
         "Make sure it is a results.json written by kpi-report run (see docs/results-json.md)."),
    Code("archive-period-closed", "archive", E, "该部门的这个考核周期已封存,不能再次运行或导入。",
         "This department's period is closed: it cannot be run or imported again.",
         "确需修改时先运行 kpi-report archive reopen … --reason \"…\"。",
         "If it must change, run kpi-report archive reopen … --reason \"…\" first."),
    Code("archive-already-closed", "archive", E, "这个考核周期已经封存过了。", "This period is already closed.",
         "用 kpi-report archive list 查看封存情况。", "See kpi-report archive list."),
    Code("archive-not-closed", "archive", E, "这个考核周期没有封存,无需重新开放。", "This period is not closed, so it cannot be reopened.",
         "用 kpi-report archive list 查看封存情况。", "See kpi-report archive list."),
    Code("archive-nothing-to-close", "archive", E, "档案中没有该部门这个周期的考核记录,无法封存。",
         "The archive holds no appraisal of this department for this period, so there is nothing to close.",
         "检查部门名称与周期的写法(kpi-report archive list)。", "Check the department and period (kpi-report archive list)."),
    Code("archive-signoff-incomplete", "archive", E, "封存或重新开放缺少必填信息(签字人或原因)。",
         "Closing or reopening lacks a required detail (who signs, or the reason).",
         "用 --by 写明签字人;重新开放还要 --reason。", "Give --by; reopening also needs --reason."),
)
