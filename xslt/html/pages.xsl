<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: which page an element lands on (documents, and chapters of the books). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A document is split when it has two or more chapters: every top-level div of
       front, body and back becomes a page. -->
  <xsl:key name="tkh:chapters" match="text//div[@type = 'chapter']" use="'chapter'"/>

  <xsl:function name="tkh:is-split" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <!-- a key: the index is built once per document, so this is cheap to ask everywhere -->
    <xsl:sequence select="$split-chapters and exists(key('tkh:chapters', 'chapter', root($n))[2])"/>
  </xsl:function>

  <xsl:function name="tkh:units" as="element(div)*">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="if (tkh:is-split($n)) then root($n)/*/text/(front | body | back)/div else ()"/>
  </xsl:function>

  <xsl:function name="tkh:unit-of" as="element(div)?">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="if (tkh:is-split($n))
      then $n/ancestor-or-self::div[parent::front | parent::body | parent::back][1] else ()"/>
  </xsl:function>

  <!-- the page name (without .html) of a unit or a document -->
  <xsl:function name="tkh:page" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="u" select="tkh:unit-of($n)"/>
    <xsl:sequence select="if ($u) then tkh:unit-id($u) else tkh:file-id(tk:doc-id($n))"/>
  </xsl:function>

  <!-- a chapter page is named after the div's xml:id, prefixed with the document id when the
       id does not start with it (so it can never clash with another document or a site page) -->
  <xsl:function name="tkh:unit-id" as="xs:string">
    <xsl:param name="u" as="element(div)"/>
    <xsl:variable name="doc" select="tk:doc-id($u)"/>
    <xsl:variable name="id" select="
      if ($u/@xml:id) then string($u/@xml:id)
      else $doc || '-part' || (count($u/preceding::div[parent::front | parent::body | parent::back]) + 1)"/>
    <xsl:sequence select="tkh:file-id(if (starts-with($id, $doc || '-')) then $id else $doc || '-' || $id)"/>
  </xsl:function>

  <!-- names the site uses for its own pages and folders -->
  <xsl:variable name="tkh:reserved" as="xs:string*" select="('index', 'persons', 'parallels', 'search', 'assets', 'tei')"/>

  <!-- ids become file names: keep them to a safe alphabet -->
  <xsl:function name="tkh:file-id" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="f" select="replace($id, '[^A-Za-z0-9._\-]', '_')"/>
    <xsl:sequence select="if ($f = $tkh:reserved or starts-with($f, 'persons-')) then 'doc-' || $f else $f"/>
  </xsl:function>

  <!-- the page of a person: persons-<key>.html -->
  <xsl:function name="tkh:person-page" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="'persons-' || replace($key, '[^A-Za-z0-9._\-]', '_') || '.html'"/>
  </xsl:function>

  <!-- Every element counted in document order: the HTML id of an element without xml:id is
       'tei-<name>-<count>' (its position among the document's elements), the same in every
       stylesheet of the site, since it only depends on the document.

       Counted without visiting every node (an accumulator over all elements was one of the
       dearest parts of the conversion): the documents of $tkh:indexed-docs (declared by the
       entry stylesheet: the documents it renders) get an index, built once, of the elements
       standing outside paragraphs, which steps over each paragraph's content by counting it;
       an element inside a paragraph is numbered from its outermost p (xsl:number walks back to
       it).  Any other document falls back to the accumulator. -->
  <xsl:variable name="tkh:ordinals" as="map(xs:string, xs:integer)"
      select="map:merge($tkh:indexed-docs[tkh:index-pays(.)]!tkh:spine-ordinals(*, 1))"/>

  <!-- The index pays when paragraphs hold most of the document's elements (a transcription
       with its line breaks); otherwise building it costs more than the accumulator does (both
       give the same numbers).  Native counts only: cheap to ask. -->
  <xsl:function name="tkh:index-pays" as="xs:boolean">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="sum($doc//p[not(ancestor::p)]!count(descendant::*)) * 4 gt count($doc//*) * 3"/>
  </xsl:function>

  <xsl:function name="tkh:spine-ordinals" as="map(xs:string, xs:integer)*">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="ord" as="xs:integer"/>
    <xsl:sequence select="map{generate-id($el): $ord}"/>
    <xsl:if test="not($el/self::p)">
      <xsl:iterate select="$el/*">
        <xsl:param name="o" as="xs:integer" select="$ord + 1"/>
        <xsl:sequence select="tkh:spine-ordinals(., $o)"/>
        <xsl:next-iteration>
          <xsl:with-param name="o" select="$o + count(descendant-or-self::*)"/>
        </xsl:next-iteration>
      </xsl:iterate>
    </xsl:if>
  </xsl:function>

  <xsl:accumulator name="tkh:elements" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="*" select="$value + 1"/>
  </xsl:accumulator>

  <!-- the position of an element among the elements of its document, in document order -->
  <xsl:function name="tkh:ordinal" as="xs:integer">
    <xsl:param name="el" as="element()"/>
    <xsl:choose>
      <xsl:when test="map:size($tkh:ordinals) eq 0">
        <xsl:sequence select="$el/accumulator-before('tkh:elements')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="p" select="$el/ancestor::p[last()]"/>
        <!-- generate-id() is unique across documents: one map serves them all -->
        <xsl:variable name="base" select="$tkh:ordinals(generate-id(($p, $el)[1]))"/>
        <xsl:choose>
          <xsl:when test="empty($base)">
            <xsl:sequence select="$el/accumulator-before('tkh:elements')"/>
          </xsl:when>
          <xsl:when test="empty($p)">
            <xsl:sequence select="$base"/>
          </xsl:when>
          <xsl:otherwise>
            <!-- $el's number counting back to its outermost p, which is counted too -->
            <xsl:variable name="k" as="xs:integer">
              <xsl:number select="$el" level="any" count="*" from="p[not(ancestor::p)]"/>
            </xsl:variable>
            <xsl:sequence select="$base + $k - 1"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="tkh:id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@xml:id) then string($el/@xml:id)
                          else 'tei-' || local-name($el) || '-' || tkh:ordinal($el)"/>
  </xsl:function>

  <xsl:function name="tkh:href" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="tkh:page($el) || '.html#' || tkh:id($el)"/>
  </xsl:function>

  <!-- a class token from a TEI value (never markup, never a quote) -->
  <xsl:function name="tkh:token" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="replace(lower-case(normalize-space($s)), '[^a-z0-9\-]+', '-')"/>
  </xsl:function>

  <xsl:function name="tkh:unit-title" as="xs:string">
    <xsl:param name="u" as="element(div)"/>
    <xsl:sequence select="(tk:plain($u/head[1])[.], string($u/@n)[.], tk:label(string($u/@type))[.], tkh:unit-id($u))[1]"/>
  </xsl:function>

</xsl:stylesheet>
