<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit shared editorial layer: policy functions.  Contract: see common.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Which text a node belongs to. -->
  <xsl:function name="tk:view" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="
      if (not($n instance of element())) then 'both'
      else if ($n/self::sic | $n/self::orig | $n/self::abbr) then
        (if ($n/parent::choice) then 'diplomatic' else 'both')
      else if ($n/self::corr | $n/self::reg | $n/self::expan) then
        (if ($n/parent::choice) then 'reading' else 'both')
      else if ($n/self::surplus | $n/self::fw | $n/self::del) then 'diplomatic'
      else if ($n/self::lb) then 'diplomatic'
      else if ($n/self::rdg | $n/self::rdgGrp | $n/self::witDetail) then
        (if ($n is tk:app-base($n/ancestor::app[1])) then 'reading' else 'apparatus')
      else if ($n/self::note[parent::app]) then 'apparatus'
      else 'both'"/>
  </xsl:function>

  <!-- The reading child of a choice: corr, reg, expan (first of them), else the first child. -->
  <xsl:function name="tk:reading-child" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="($choice/(corr | reg | expan), $choice/*)[1]"/>
  </xsl:function>

  <!-- The diplomatic child of a choice: sic, orig, abbr, else the first child. -->
  <xsl:function name="tk:diplomatic-child" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="($choice/(sic | orig | abbr), $choice/*)[1]"/>
  </xsl:function>

  <!-- Bracket conventions of the reading text: (open, close). -->
  <xsl:function name="tk:brackets" as="xs:string+">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="
      if ($el/self::supplied) then ('[', ']')
      else if ($el/self::gap) then ('[', ']')
      else if ($el/self::unclear) then ('', '(?)')
      else if ($el/self::surplus) then ('{', '}')
      else if ($el/self::add) then ('⟨', '⟩')
      else if ($el/self::del) then ('⟦', '⟧')
      else ('', '')"/>
  </xsl:function>

  <xsl:function name="tk:gap-text" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:sequence select="'…'"/>
  </xsl:function>

  <xsl:function name="tk:gap-description" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="unit" select="string(($gap/@unit, 'chars')[1])"/>
    <xsl:variable name="q" select="string($gap/@quantity)"/>
    <xsl:variable name="unitname" select="
      map{'chars':'character', 'char':'character', 'words':'word', 'word':'word',
          'lines':'line', 'line':'line', 'pages':'page', 'page':'page'}($unit)"/>
    <xsl:variable name="amount" select="
      if ($q castable as xs:integer and exists($unitname))
      then $q || ' ' || $unitname || (if ($q = '1') then '' else 's')
      else if ($q) then $q || ' ' || $unit
      else if ($gap/@extent) then normalize-space($gap/@extent)
      else 'text'"/>
    <xsl:variable name="reason" select="string($gap/@reason)"/>
    <xsl:sequence select="$amount || ' ' || (
      map{'lost':'lost', 'illegible':'illegible', 'yearStripped':'missing (a year stripped from the source)',
          'encoding':'lost in the source''s character encoding', 'omitted':'omitted',
          'damage':'lost to damage', 'editorial':'omitted by the editors'}($reason),
      if ($reason) then 'missing (' || $reason || ')' else 'missing')[1]"/>
  </xsl:function>

  <!-- A sentence describing an editorial intervention. -->
  <xsl:function name="tk:describe" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="agent" select="tk:agent($el)"/>
    <xsl:variable name="by" select="if (exists($agent)) then ' by ' || $agent?name else ''"/>
    <xsl:variable name="cert" select="if ($el/@cert) then ' (' || $el/@cert || ' certainty)' else ''"/>
    <xsl:variable name="reason" select="if ($el/@reason) then ' (' || $el/@reason || ')' else ''"/>
    <xsl:choose>
      <xsl:when test="$el/self::choice[sic or corr]">
        <xsl:variable name="c" select="$el/corr[1]"/>
        <xsl:sequence select="'Source reads “' || tk:plain($el/sic[1], 'diplomatic') || '”; '
          || (if (empty($c)) then 'marked as an error, no correction given'
              else 'corrected to “' || tk:plain($c) || '”')
          || (if (exists($c) and exists(tk:agent($c))) then ' by ' || tk:agent($c)?name else '')
          || (if ($c/@cert) then ' (' || $c/@cert || ' certainty)' else '')
          || (if ($c/@type) then ' [' || $c/@type || ']' else '')"/>
      </xsl:when>
      <xsl:when test="$el/self::choice[orig or reg]">
        <xsl:variable name="r" select="$el/reg[1]"/>
        <xsl:sequence select="'Source spells “' || tk:plain($el/orig[1], 'diplomatic') || '”; '
          || (if (empty($r)) then 'marked as unusual, no regular form given' else 'regularised to “' || tk:plain($r) || '”')
          || (if (exists($r) and exists(tk:agent($r))) then ' by ' || tk:agent($r)?name else '')"/>
      </xsl:when>
      <xsl:when test="$el/self::choice[abbr or expan]">
        <xsl:sequence select="'Abbreviation “' || tk:plain($el/abbr[1], 'diplomatic') || '” expanded to “'
          || tk:plain($el/expan[1]) || '”'"/>
      </xsl:when>
      <xsl:when test="$el/self::supplied">
        <xsl:sequence select="'Supplied' || $by || $reason || $cert"/>
      </xsl:when>
      <xsl:when test="$el/self::gap">
        <xsl:sequence select="'Gap: ' || tk:gap-description($el)"/>
      </xsl:when>
      <xsl:when test="$el/self::unclear">
        <xsl:sequence select="'Doubtful reading' || $reason || $cert"/>
      </xsl:when>
      <xsl:when test="$el/self::surplus">
        <xsl:sequence select="'Superfluous source text' || $reason || ', left out of the reading text'"/>
      </xsl:when>
      <xsl:when test="$el/self::add">
        <xsl:sequence select="'Added in the source' || (if ($el/@place) then ' (' || $el/@place || ')' else '')"/>
      </xsl:when>
      <xsl:when test="$el/self::del">
        <xsl:sequence select="'Deleted in the source' || (if ($el/@rend) then ' (' || $el/@rend || ')' else '')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="local-name($el)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The agent (respStmt with that xml:id in the header) named by @resp. -->
  <xsl:function name="tk:agent" as="map(*)?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="ref" select="tokenize(normalize-space($el/@resp))[1]"/>
    <xsl:variable name="id" select="if (starts-with($ref, '#')) then substring($ref, 2) else ''"/>
    <xsl:variable name="rs" select="if ($id) then tk:by-id($id, root($el))[self::respStmt or self::person or self::name or self::persName][1] else ()"/>
    <xsl:sequence select="
      if (not($ref)) then ()
      else map{
        'id': $id,
        'name': if ($rs/self::respStmt) then normalize-space(string-join(($rs/(name | persName | orgName))!normalize-space(), ', '))
                else if ($rs) then normalize-space($rs)
                else $id,
        'resp': normalize-space($rs/resp[1]),
        'kind': tkp:agent-kind($id)}"/>
  </xsl:function>

  <xsl:function name="tkp:agent-kind" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="
      if (ends-with($id, '-ed') or $id = ('ed', 'editor', 'editors')) then 'editorial'
      else if (ends-with($id, '-trl') or $id = ('trl', 'translator')) then 'translator'
      else if (ends-with($id, '-author') or $id = 'author') then 'authorial'
      else 'other'"/>
  </xsl:function>

  <!-- The elements with this xml:id in the document holding $in. id() reads the table of
       IDs Saxon fills as it parses (xml:id is always an ID), where a key would walk the whole
       document once more to build its own; an xml:id that is not a name (invalid TEI, which
       id() ignores) is looked for through the key. -->
  <xsl:function name="tk:by-id" as="element()*">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="in" as="node()"/>
    <xsl:sequence select="if ($id castable as xs:NCName) then id($id, $in) else key('tkp:by-id', $id, $in)"/>
  </xsl:function>

  <xsl:key name="tkp:by-id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- URLs from TEI may only be http(s), mailto or relative. -->
  <xsl:function name="tk:safe-url" as="xs:string?">
    <xsl:param name="u" as="xs:string?"/>
    <!-- browsers ignore ASCII whitespace and control characters inside a scheme -->
    <xsl:variable name="s" select="replace(normalize-space($u), '[\p{Cc}\s]', '')"/>
    <xsl:variable name="scheme" select="
      if (matches($s, '^[A-Za-z][A-Za-z0-9+.\-]*:')) then lower-case(substring-before($s, ':')) else ''"/>
    <xsl:sequence select="
      if ($s = '') then ()
      else if ($scheme = ('http', 'https', 'mailto')) then $s
      else if ($scheme = '') then $s
      else ()"/>
  </xsl:function>

  <xsl:function name="tk:id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@xml:id) then string($el/@xml:id) else 'tkp-' || tkp:path($el)"/>
  </xsl:function>

  <!-- a stable, content-independent path: 'p3-2' style child positions from the text element -->
  <xsl:function name="tkp:path" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="string-join(
      ($el/ancestor-or-self::*[parent::*])!(local-name() || (count(preceding-sibling::*) + 1)), '-')"/>
  </xsl:function>

  <xsl:function name="tk:person-key" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="r" select="tokenize(normalize-space(($el/@ref, $el/@key)[1]))[1]"/>
    <xsl:sequence select="
      if (not($r)) then ()
      else if (contains($r, '#')) then substring-after($r, '#')[. ne '']
      else if ($el/@key) then $r
      else ()"/>
  </xsl:function>

  <xsl:function name="tk:doc-id" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="r" select="root($n)/*"/>
    <xsl:sequence select="string(($r/@xml:id, 'doc')[1])"/>
  </xsl:function>

  <xsl:function name="tk:title" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="ts" select="root($n)/*/teiHeader/fileDesc/titleStmt"/>
    <xsl:variable name="t" select="($ts/title[@type = 'main'], $ts/title[not(@type = 'sub')], $ts/title)[1]"/>
    <xsl:sequence select="(normalize-space($t)[.], tk:doc-id($n))[1]"/>
  </xsl:function>

  <xsl:function name="tk:lb-hyphen" as="xs:string">
    <xsl:param name="lb" as="element(lb)"/>
    <xsl:sequence select="if ($lb/@break = 'no' and $lb/@rend = ('hyphen', 'hyphenated', '-')) then '-' else ''"/>
  </xsl:function>

</xsl:stylesheet>
