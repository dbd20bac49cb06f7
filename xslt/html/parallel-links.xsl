<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: a passage of a document that the apparatus of parallel passages
     ($parallels-uri) points at gets a link to its entry in parallels.html. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="tkh:parallels-doc" as="document-node()?"
      select="if ($parallels-uri and doc-available($parallels-uri)) then doc($parallels-uri) else ()"/>

  <xsl:key name="tkh:parallel-by-target" match="app"
           use="(., .//lem, .//rdg)/(@corresp | @source)/tokenize(normalize-space(.))!replace(., '^[^#]*#', '')"/>

  <xsl:function name="tkh:parallels-of" as="element(app)*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if (exists($tkh:parallels-doc) and $el/@xml:id)
                          then key('tkh:parallel-by-target', string($el/@xml:id), $tkh:parallels-doc) else ()"/>
  </xsl:function>

  <xsl:template match="*[@xml:id][exists($tkh:parallels-doc)][exists(tkh:parallels-of(.))]" mode="tkh:html" priority="10">
    <xsl:next-match/>
    <!-- one link per passage: the enclosing div of a collated passage, else the app -->
    <xsl:for-each select="distinct-values(tkh:parallels-of(.)!tkh:id((ancestor::div[@type = 'parallel'][1], .)[1]))">
      <a class="tk-parallel-link" href="parallels.html#{tkh:file-id(.)}"
         aria-label="{tk:label('parallels')}: compare this passage with the other sources">⇆</a>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
