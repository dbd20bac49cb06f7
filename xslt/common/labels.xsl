<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit shared editorial layer: fixed user-facing strings.  Contract: see common.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="tkp:labels" as="map(xs:string, xs:string)" select="map{
    'notes': 'Notes',
    'note': 'Note',
    'authorial': 'Author’s note',
    'translator': 'Translator’s note',
    'editorial': 'Editors’ note',
    'back-to-text': 'Back to the text',
    'apparatus': 'Apparatus',
    'readings': 'Readings',
    'witnesses': 'Witnesses',
    'base-text': 'Base text',
    'reading': 'Reading text',
    'diplomatic': 'Diplomatic text',
    'view': 'View',
    'contents': 'Contents',
    'previous': 'Previous',
    'next': 'Next',
    'home': 'Home',
    'persons': 'Index of persons',
    'search': 'Search',
    'parallels': 'Parallel passages',
    'principles': 'Editorial principles',
    'documents': 'Documents',
    'source': 'Source',
    'download': 'Download TEI',
    'cite': 'Cite this',
    'permalink': 'Permalink',
    'page': 'Page',
    'gap': 'gap',
    'supplied': 'supplied',
    'unclear': 'doubtful reading',
    'surplus': 'superfluous',
    'sic': 'as in the source',
    'corr': 'corrected',
    'orig': 'original spelling',
    'reg': 'regularised',
    'occurrences': 'Occurrences',
    'omitted': 'om.'
  }"/>

  <xsl:function name="tk:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="($tkp:labels($key), $key)[1]"/>
  </xsl:function>

</xsl:stylesheet>
