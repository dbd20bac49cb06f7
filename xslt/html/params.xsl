<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: every stylesheet parameter of the HTML format, declared once.
     toolkit/formats/html.py keeps the same list (PARAMS); a test checks they agree. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- site-wide -->
  <xsl:param name="edition-title" as="xs:string" select="'TEI edition'"/>
  <xsl:param name="edition-subtitle" as="xs:string" select="''"/>
  <xsl:param name="edition-editors" as="xs:string" select="''"/>
  <xsl:param name="edition-licence" as="xs:string" select="''"/>
  <xsl:param name="edition-date" as="xs:string" select="''"/>
  <!-- absolute URL the site is published at ('' = unknown: cite lines use relative URLs) -->
  <xsl:param name="base-url" as="xs:string" select="''"/>
  <!-- the edition's documents in order: space-separated document ids (for previous/next) -->
  <xsl:param name="documents" as="xs:string" select="''"/>
  <!-- split the two books (documents with two or more chapters) into one page per chapter -->
  <xsl:param name="split-chapters" as="xs:boolean" select="true()"/>

  <!-- per document -->
  <!-- site-relative path of the TEI source copied for download, e.g. 'tei/003-rogovin.xml' -->
  <xsl:param name="tei-href" as="xs:string" select="''"/>
  <!-- write the document's records for the offline search (search/<doc-id>.tsv) -->
  <xsl:param name="search" as="xs:boolean" select="true()"/>
  <!-- URI of the apparatus of parallel passages ('' = none) -->
  <xsl:param name="parallels-uri" as="xs:string" select="''"/>

  <!-- edition pages -->
  <!-- space-separated URIs of every document of the edition -->
  <xsl:param name="document-uris" as="xs:string" select="''"/>
  <!-- URI of the personography ('' = none: persons are listed by their keys) -->
  <xsl:param name="persons-uri" as="xs:string" select="''"/>
  <!-- space-separated site-relative hrefs of the TEI downloads, in the order of document-uris -->
  <xsl:param name="tei-hrefs" as="xs:string" select="''"/>

</xsl:stylesheet>
