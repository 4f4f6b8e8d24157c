"""The PDF's XMP metadata packet: title, author (the issuer), subject, language and dates, agreeing with the
document information dictionary ReportLab writes from the same values."""

from __future__ import annotations

import datetime as dt

from ... import document as doc

CREATOR = "annualreport"
"""The creating tool (``/Creator``, ``xmp:CreatorTool``)."""
PRODUCER = "annualreport (ReportLab)"
"""The producer (``/Producer``, ``pdf:Producer``)."""

_PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"
"""The fixed id every XMP packet header carries (XMP specification, part 1, 7.3.2)."""


def escape(value: str) -> str:
    """``value`` as XML character data (& < >); not xml.sax.saxutils, which imports urllib.request."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # html.escape(quote=False)


def xmp_date(when: dt.datetime) -> str:
    """``when`` as an XMP date (ISO 8601, UTC): 2018-12-31T00:00:00Z."""
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def xmp_packet(metadata: doc.Metadata, when: dt.datetime) -> str:
    """The XMP packet of a document: Dublin Core title, creator (the issuer), description (the subject) and
    language; creation, modification and metadata dates (all ``when``, the build timestamp); creator tool,
    producer, keywords (none) and trapping as the information dictionary has them. Nothing depends on the clock
    or on chance: no instance id (a PDF reader does not need one; a content-derived ``/ID`` is in the trailer)."""
    date = xmp_date(when)

    def alt(value: str) -> str:  # a language alternative: the same text for every language
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    properties = ["<dc:format>application/pdf</dc:format>"]
    if metadata.title:
        properties.append(f"<dc:title>{alt(metadata.title)}</dc:title>")
    if metadata.author:
        properties.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(metadata.author)}</rdf:li></rdf:Seq></dc:creator>")
    if metadata.subject:
        properties.append(f"<dc:description>{alt(metadata.subject)}</dc:description>")
    if metadata.language:
        properties.append(f"<dc:language><rdf:Bag><rdf:li>{escape(metadata.language)}</rdf:li></rdf:Bag></dc:language>")
    properties += [
        f"<xmp:CreateDate>{date}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{date}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate>",
        f"<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>",
        f"<pdf:Producer>{escape(PRODUCER)}</pdf:Producer>",
        "<pdf:Keywords></pdf:Keywords>",
        "<pdf:Trapped>False</pdf:Trapped>",
    ]
    body = "\n   ".join(properties)
    return (
        f'<?xpacket begin="\ufeff" id="{_PACKET_ID}"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n'
        f"   {body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    )
