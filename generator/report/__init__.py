"""Reports: the Excel workbook, one PDF per employee and the team PDF, rendered safely."""
