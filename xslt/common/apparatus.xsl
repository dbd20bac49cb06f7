<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit shared editorial layer: the apparatus as data.  Contract: see common.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="tk:witnesses" as="map(*)*">
    <xsl:param name="root" as="node()"/>
    <xsl:for-each select="root($root)//listWit//witness">
      <xsl:variable name="id" select="string((@xml:id, @n, 'W' || position())[1])"/>
      <xsl:sequence select="map{
        'id': $id,
        'siglum': string((@n, @xml:id, $id)[1]),
        'label': (normalize-space(string-join(.//text()[not(ancestor::note)], ''))[.], $id)[1]}"/>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="tk:wit-tokens" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="tokenize(normalize-space($el/@wit))!replace(., '^[^#]*#', '')[. ne '']"/>
  </xsl:function>

  <xsl:function name="tk:app-base" as="element()?">
    <xsl:param name="app" as="element()?"/>
    <xsl:sequence select="($app/lem, $app/rdgGrp/lem, $app/(rdg | rdgGrp/rdg))[1]"/>
  </xsl:function>

  <xsl:function name="tkp:pointers" as="xs:string*">
    <xsl:param name="el" as="element()*"/>
    <xsl:sequence select="$el/(@source | @corresp)/tokenize(normalize-space(.))!replace(., '^[^#]*#', '')[. ne '']"/>
  </xsl:function>

  <xsl:function name="tk:app-entries" as="map(*)*">
    <xsl:param name="root" as="node()"/>
    <xsl:for-each select="$root/descendant-or-self::app">
      <xsl:variable name="app" select="."/>
      <xsl:variable name="lem" select="(lem, rdgGrp/lem)[1]"/>
      <xsl:sequence select="map{
        'id': tk:id($app),
        'app': $app,
        'type': string($app/@type),
        'lem': $lem,
        'lemma': tk:plain(tk:app-base($app)),
        'lem-wit': if ($lem) then tk:wit-tokens($lem) else (),
        'targets': distinct-values(tkp:pointers(($app, $app//lem, $app//rdg))),
        'readings': array{
          for $r in ($app/(lem | rdg | rdgGrp/lem | rdgGrp/rdg))
          return map{
            'node': $r,
            'text': tk:plain($r),
            'wit': tk:wit-tokens($r),
            'type': string(($r/@type, $r/parent::rdgGrp/@type)[1]),
            'cause': string($r/@cause),
            'is-lem': exists($r/self::lem)}}}"/>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="tk:witness-reading" as="element()?">
    <xsl:param name="app" as="element()"/>
    <xsl:param name="wit" as="xs:string"/>
    <xsl:sequence select="(
      $app/(lem | rdg | rdgGrp/lem | rdgGrp/rdg)[tk:wit-tokens(.) = $wit],
      tk:app-base($app))[1]"/>
  </xsl:function>

</xsl:stylesheet>
