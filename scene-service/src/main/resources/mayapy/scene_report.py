"""Print a Yuntu SceneReport-shaped JSON of one scene, using Maya itself (mayapy).

Used only for comparison with the pure-Java analysis: python scene_report.py <scene>.
"""
import json
import sys

import maya.standalone

maya.standalone.initialize(name="python")
import maya.cmds as cmds  # noqa: E402


def attr(node, name, default=None):
    try:
        return cmds.getAttr(node + "." + name)
    except Exception:
        return default


def main(path):
    cmds.file(path, open=True, force=True, loadReferenceDepth="none", prompt=False)
    rg = "defaultRenderGlobals"
    renderer = attr(rg, "currentRenderer", "mayaSoftware")
    cameras = [{"name": (cmds.listRelatives(c, parent=True) or [c])[0], "renderable": bool(attr(c, "renderable", True))}
               for c in cmds.ls(type="camera")]
    renderable = [c["name"] for c in cameras if c["renderable"]]
    layers = []
    for layer in cmds.ls(type="renderLayer"):
        if ":" in layer:
            continue
        cmds.editRenderLayerGlobals(currentRenderLayer=layer)
        anim = attr(rg, "animation", False)
        now = cmds.currentTime(query=True)
        layers.append({
            "name": layer,
            "renderable": bool(attr(layer, "renderable", True)),
            "renderer": attr(rg, "currentRenderer", "mayaSoftware"),
            "frames": {"start": attr(rg, "startFrame") if anim else now,
                       "end": attr(rg, "endFrame") if anim else now,
                       "by": attr(rg, "byFrameStep") if anim else 1},
            "imagePrefix": attr(rg, "imageFilePrefix") or "<Scene>",
            "imageFormat": attr(rg, "imfPluginKey") or str(attr(rg, "imageFormat")),
            "resolution": {"width": attr("defaultResolution", "width"), "height": attr("defaultResolution", "height")},
            "cameras": renderable,
        })
    dependencies = [{"node": n, "nodeType": "file", "attribute": "fileTextureName",
                     "path": attr(n, "fileTextureName", ""), "kind": "TEXTURE",
                     "sequence": bool(attr(n, "uvTilingMode", 0)) or bool(attr(n, "useFrameExtension", 0))}
                    for n in cmds.ls(type="file")]
    references = [{"path": cmds.referenceQuery(r, filename=True, withoutCopyNumber=True),
                   "namespace": cmds.referenceQuery(r, namespace=True, shortName=True), "depth": 1}
                  for r in cmds.ls(type="reference") if r != "sharedReferenceNode" and ":" not in r]
    plugins = [{"name": p, "version": cmds.pluginInfo(p, query=True, version=True)}
               for p in (cmds.pluginInfo(query=True, pluginsInUse=True) or [])[::2]]
    report = {
        "file": {"name": path.replace("\\", "/").split("/")[-1], "format": "mb" if path.endswith(".mb") else "ma",
                 "mayaVersion": cmds.about(version=True)},
        "units": {"linear": cmds.currentUnit(query=True, linear=True, fullName=True),
                  "angular": cmds.currentUnit(query=True, angle=True, fullName=True),
                  "time": cmds.currentUnit(query=True, time=True)},
        "plugins": plugins, "renderer": renderer, "layers": layers, "cameras": cameras,
        "dependencies": dependencies, "references": references, "warnings": [],
    }
    sys.stdout.write(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
