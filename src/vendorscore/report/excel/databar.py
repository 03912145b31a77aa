"""Solid data bars: the Excel 2010 extension that openpyxl cannot write, added to the sheet XML.

A plain (Excel 2007) data bar is drawn as a gradient fading to white; in a narrow column a bar
of 85 and one of 53 then look alike. The 2010 extension (`x14:dataBar gradient="0"`) draws a
solid bar from no length at the scale's minimum to the whole cell at its maximum; Excel and
LibreOffice both read it, and readers that do not fall back to the plain rule.
"""

from __future__ import annotations

import re

__all__ = ["solid_data_bars"]

_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_XM = "http://schemas.microsoft.com/office/excel/2006/main"
_RULE_EXT = "{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"
_SHEET_EXT = "{78C0D931-6437-407d-A8EE-F0AAD7539E65}"
# A data bar rule as openpyxl writes it, with a fixed numeric scale.
_RULE = re.compile(
    rb'<conditionalFormatting sqref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)">'
    rb'(<cfRule type="dataBar" priority="[0-9]+">'
    rb'<dataBar minLength="0" maxLength="100">'
    rb'<cfvo type="num" val="([-0-9.]+)" ?/><cfvo type="num" val="([-0-9.]+)" ?/>'
    rb'<color rgb="[0-9A-F]{8}" ?/></dataBar>)(</cfRule>)'
)


def solid_data_bars(xml: bytes) -> bytes:
    """The worksheet XML with each fixed-scale data bar drawn solid, 0-100% of the cell."""
    rules: list[bytes] = []

    def link(m: re.Match[bytes]) -> bytes:
        guid = b"{5E1D0B4A-0000-4000-8000-%012d}" % (len(rules) + 1)
        sqref, low, high = m.group(1), m.group(3), m.group(4)
        rules.append(
            b'<x14:conditionalFormatting xmlns:xm="%s"><x14:cfRule type="dataBar" id="%s">'
            b'<x14:dataBar minLength="0" maxLength="100" gradient="0">'
            b'<x14:cfvo type="num"><xm:f>%s</xm:f></x14:cfvo>'
            b'<x14:cfvo type="num"><xm:f>%s</xm:f></x14:cfvo>'
            b"</x14:dataBar></x14:cfRule><xm:sqref>%s</xm:sqref></x14:conditionalFormatting>"
            % (_XM.encode(), guid, low, high, sqref)
        )
        return (
            b'<conditionalFormatting sqref="%s">%s<extLst><ext uri="%s" xmlns:x14="%s">'
            b"<x14:id>%s</x14:id></ext></extLst>%s"
            % (sqref, m.group(2), _RULE_EXT.encode(), _X14.encode(), guid, m.group(5))
        )

    xml = _RULE.sub(link, xml)
    if not rules or b"<extLst>" in xml.rsplit(b"</conditionalFormatting>", 1)[-1]:
        return xml
    ext = b'<extLst><ext uri="%s" xmlns:x14="%s"><x14:conditionalFormattings>%s' % (
        _SHEET_EXT.encode(),
        _X14.encode(),
        b"".join(rules),
    )
    ext += b"</x14:conditionalFormattings></ext></extLst>"
    return xml.replace(b"</worksheet>", ext + b"</worksheet>")
