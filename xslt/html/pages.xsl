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

  <!-- The HTML id of an element without xml:id is 'tei-<name>-<n>': it is the n-th element
       of that name in its document, in document order (the TEI header included).  It is the
       same in every stylesheet of the site, since it only depends on the document, and it
       only moves when elements of the same name are added or removed before it (a line
       break added in a paragraph changes no id).

       The TEI elements that get such ids in the pages are numbered once, in an index built
       for the documents of $tkh:indexed-docs (declared by the entry stylesheet: the documents
       it renders), each name found by its own path (a scan of the tree's name table, far
       cheaper than testing every element).  Any other element is counted where it stands
       (correct for every element, but a walk of the document each time). -->
  <xsl:variable name="tkh:ordinals" as="map(xs:string, xs:integer)" select="map:merge(
      $tkh:indexed-docs!(
        tkh:numbered(.//div), tkh:numbered(.//head), tkh:numbered(.//p), tkh:numbered(.//ab),
        tkh:numbered(.//note), tkh:numbered(.//ref), tkh:numbered(.//ptr), tkh:numbered(.//app),
        tkh:numbered(.//anchor), tkh:numbered(.//pb), tkh:numbered(.//milestone)))"/>

  <xsl:function name="tkh:numbered" as="map(xs:string, xs:integer)*">
    <xsl:param name="els" as="element()*"/>
    <xsl:sequence select="for $i in 1 to count($els) return map{generate-id($els[$i]): $i}"/>
  </xsl:function>

  <!-- the position of an element among the elements of its name (namespace included) in its
       document -->
  <xsl:function name="tkh:ordinal" as="xs:integer">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="n" select="$tkh:ordinals(generate-id($el))"/>
    <xsl:sequence select="if (exists($n)) then $n else
        let $name := node-name($el)
        return count($el/preceding::*[node-name() eq $name]) + count($el/ancestor::*[node-name() eq $name]) + 1"/>
  </xsl:function>

  <!-- an element of another namespace is told apart by its namespace's prefix in the TEI -->
  <xsl:function name="tkh:id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@xml:id) then string($el/@xml:id)
                          else string-join(('tei',
                            if (namespace-uri($el) eq 'http://www.tei-c.org/ns/1.0') then ()
                            else (prefix-from-QName(node-name($el)), 'x')[1],
                            local-name($el), string(tkh:ordinal($el))), '-')"/>
  </xsl:function>

  <!-- Where a link to an element lands in the pages: the element itself when it has an
       xml:id, else the nearest unit around it that has an id there (a citable paragraph, a
       division's head, a note other than an inline one, a division): occurrences in the
       index of persons and search results lead to the same places, the units a reader
       cites. -->
  <xsl:function name="tkh:locus" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el/ancestor-or-self::*[@xml:id or self::head[parent::div] or self::note[not(@place = 'inline')]
                             or self::p[tkh:citable(.)] or self::div][1]"/>
  </xsl:function>

  <!-- a link to an element: its locus on its page, or the page -->
  <xsl:function name="tkh:locus-href" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="l" select="tkh:locus($el)"/>
    <xsl:sequence select="if ($l) then tkh:href($l) else tkh:page($el) || '.html'"/>
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
