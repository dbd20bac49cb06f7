<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit shared editorial layer: notes (kinds, places, numbering, call <-> note).
     Contract: see common.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="tkp:call-by-target" match="ref[@type = 'noteref'] | ptr[@type = 'noteref']"
           use="tokenize(normalize-space(@target))[starts-with(., '#')]!substring(., 2)"/>

  <xsl:function name="tk:note-kind" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="t" select="lower-case(string($note/@type))"/>
    <xsl:variable name="agent" select="tk:agent($note)"/>
    <xsl:sequence select="
      if ($t = ('authorial', 'author')) then 'authorial'
      else if ($t = ('translator', 'trl', 'translation')) then 'translator'
      else if ($t = ('editorial', 'editor', 'gloss', 'commentary')) then 'editorial'
      else if (exists($agent) and $agent?kind = ('editorial', 'translator', 'authorial')) then $agent?kind
      else 'authorial'"/>
  </xsl:function>

  <xsl:function name="tk:note-place" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="p" select="string($note/@place)"/>
    <xsl:sequence select="
      if ($p = 'inline') then 'inline'
      else if ($p = 'end' or $note/ancestor::div[@type = 'notes']) then 'end'
      else if (starts-with($p, 'margin') or $p = ('left', 'right', 'intercolumn')) then 'margin'
      else 'foot'"/>
  </xsl:function>

  <!-- The numbering unit: the nearest ancestor div holding a div[@type='notes'] (a chapter
       with its end notes); else the text element; else the root. -->
  <xsl:function name="tk:note-scope" as="node()">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="(
      $n/ancestor-or-self::div[child::div[@type = 'notes']][1],
      $n/ancestor-or-self::text[1],
      root($n))[1]"/>
  </xsl:function>

  <xsl:function name="tkp:numbered" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="not($note/@place = 'inline') and not($note/parent::app)
                          and not($note/ancestor::teiHeader)"/>
  </xsl:function>

  <xsl:function name="tk:notes-in-scope" as="element(note)*">
    <xsl:param name="scope" as="node()"/>
    <xsl:sequence select="$scope//note[tkp:numbered(.)][tk:note-scope(.) is $scope]"/>
  </xsl:function>

  <xsl:function name="tk:note-number" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="n" select="normalize-space($note/@n)"/>
    <xsl:sequence select="
      if ($n) then $n
      else if (not(tkp:numbered($note))) then ''
      else string(tkp:position($note, tk:notes-in-scope(tk:note-scope($note))))"/>
  </xsl:function>

  <xsl:function name="tkp:position" as="xs:integer">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="seq" as="node()*"/>
    <xsl:sequence select="(for $i in 1 to count($seq) return $i[$seq[$i] is $node], 0)[1]"/>
  </xsl:function>

  <xsl:function name="tk:note-call" as="element()?">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="byTarget" select="
      for $t in tokenize(normalize-space($note/@target))[starts-with(., '#')]
      return tk:by-id(substring($t, 2), root($note))[self::ref or self::ptr]"/>
    <xsl:sequence select="(
      $byTarget,
      if ($note/@xml:id) then key('tkp:call-by-target', string($note/@xml:id), root($note)) else ())[1]"/>
  </xsl:function>

  <xsl:function name="tk:call-note" as="element()?">
    <xsl:param name="ref" as="element()"/>
    <xsl:sequence select="(
      for $t in tokenize(normalize-space($ref/@target))[starts-with(., '#')]
      return tk:by-id(substring($t, 2), root($ref))[self::note])[1]"/>
  </xsl:function>

  <xsl:function name="tk:note-in-place" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="tkp:numbered($note) and empty(tk:note-call($note))
                          and not($note/ancestor::div[@type = 'notes'])"/>
  </xsl:function>

</xsl:stylesheet>
