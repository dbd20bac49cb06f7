<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: word differences between parallel passages (longest common subsequence). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="tkh:words" as="xs:string*">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="tokenize(normalize-space($s))"/>
  </xsl:function>

  <!-- the comparison key of a word: case and punctuation do not count as differences -->
  <xsl:function name="tkp:wkey" as="xs:string">
    <xsl:param name="w" as="xs:string"/>
    <xsl:sequence select="lower-case(replace($w, '[\p{P}\p{S}]', ''))"/>
  </xsl:function>

  <!-- For each word of $b: true() when it belongs to a longest common subsequence with $a. -->
  <xsl:function name="tkh:common" as="xs:boolean*">
    <xsl:param name="a" as="xs:string*"/>
    <xsl:param name="b" as="xs:string*"/>
    <xsl:variable name="ka" select="$a!tkp:wkey(.)"/>
    <xsl:variable name="kb" select="$b!tkp:wkey(.)"/>
    <xsl:variable name="n" select="count($ka)"/>
    <xsl:variable name="m" select="count($kb)"/>
    <xsl:variable name="zero" select="array{ (0 to $m)!0 }"/>
    <!-- $rows(i) = L[i][*], suffix LCS lengths, for i = 1 .. n+1 -->
    <xsl:variable name="rows" as="array(array(xs:integer))" select="
      fold-right(1 to $n, [$zero], function($i, $acc) {
        let $next := $acc(1),
            $row := fold-right(1 to $m, [0], function($j, $r) {
              array:insert-before($r, 1,
                if ($ka[$i] = $kb[$j]) then 1 + $next($j + 1) else max(($next($j), $r(1))))
            })
        return array:insert-before($acc, 1, $row)
      })"/>
    <xsl:iterate select="1 to $n + $m + 1">
      <xsl:param name="i" as="xs:integer" select="1"/>
      <xsl:param name="j" as="xs:integer" select="1"/>
      <xsl:param name="marks" as="xs:boolean*" select="()"/>
      <xsl:on-completion select="$marks"/>
      <xsl:choose>
        <xsl:when test="$j gt $m">
          <xsl:break select="$marks"/>
        </xsl:when>
        <xsl:when test="$i gt $n">
          <xsl:break select="$marks, (1 to $m - $j + 1)!false()"/>
        </xsl:when>
        <xsl:when test="$ka[$i] = $kb[$j]">
          <xsl:next-iteration>
            <xsl:with-param name="i" select="$i + 1"/>
            <xsl:with-param name="j" select="$j + 1"/>
            <xsl:with-param name="marks" select="$marks, true()"/>
          </xsl:next-iteration>
        </xsl:when>
        <xsl:when test="$rows($i + 1)($j) ge $rows($i)($j + 1)">
          <xsl:next-iteration>
            <xsl:with-param name="i" select="$i + 1"/>
          </xsl:next-iteration>
        </xsl:when>
        <xsl:otherwise>
          <xsl:next-iteration>
            <xsl:with-param name="j" select="$j + 1"/>
            <xsl:with-param name="marks" select="$marks, false()"/>
          </xsl:next-iteration>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>

  <!-- words of $text, those not shared with every one of $others marked -->
  <xsl:template name="tkh:diff-words">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="others" as="xs:string*"/>
    <xsl:variable name="w" select="tkh:words($text)"/>
    <xsl:variable name="marks" select="for $o in $others return array{ tkh:common(tkh:words($o), $w) }"/>
    <xsl:for-each select="$w">
      <xsl:variable name="k" select="position()"/>
      <xsl:if test="$k gt 1"><xsl:text> </xsl:text></xsl:if>
      <xsl:choose>
        <xsl:when test="some $a in $marks satisfies not($a($k))"><mark class="tk-diff">{.}</mark></xsl:when>
        <xsl:otherwise>{.}</xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
