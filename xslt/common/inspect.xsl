<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit shared editorial layer: a JSON summary of what the layer decides for one
     document (reading, diplomatic and search text of the body, notes, apparatus entries).
     Used by tests of every format to check that they print the same reading. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="common.xsl"/>
  <xsl:output method="json" indent="yes"/>
  <xsl:mode on-no-match="fail"/>

  <xsl:template match="/">
    <xsl:variable name="body" select="/*/text/(front | body | back)"/>
    <xsl:sequence select="map{
      'id': tk:doc-id(/),
      'title': tk:title(/),
      'reading': tk:plain($body),
      'diplomatic': tk:plain($body, 'diplomatic'),
      'search': tk:search-text($body),
      'notes': array{ //note[not(ancestor::teiHeader)]!map{
          'id': tk:id(.), 'n': tk:note-number(.), 'kind': tk:note-kind(.), 'place': tk:note-place(.),
          'call': string(tk:note-call(.)/@xml:id), 'in-place': tk:note-in-place(.)} },
      'apparatus': array{ tk:app-entries(/)!map{
          'id': ?id, 'lemma': ?lemma,
          'readings': array{ ?readings?*!map{'text': ?text, 'wit': array{?wit}, 'lem': ?is-lem} } } },
      'witnesses': array{ tk:witnesses(/)?id }
    }"/>
  </xsl:template>

</xsl:stylesheet>
