//Maya ASCII 2025ff01 scene
//Name: prop.ma
//Codeset: UTF-8
requires maya "2025ff01";
currentUnit -l centimeter -a degree -t film;
fileInfo "application" "maya";
createNode transform -n "crate";
createNode mesh -n "crateShape" -p "crate";
	setAttr -k off ".v";
createNode lambert -n "crateMaterial";
createNode file -n "woodFile";
	setAttr ".ftn" -type "string" "../sourceimages/wood.png";
	setAttr ".cs" -type "string" "sRGB";
createNode place2dTexture -n "woodPlacement";
connectAttr "woodFile.oc" "crateMaterial.c";
connectAttr "woodPlacement.o" "woodFile.uv";
// End of prop.ma
