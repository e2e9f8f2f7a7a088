package cloud.yuntu.scene.analysis;

/** Where a node type stands among render layers: legacy layers and Render Setup's layer/collection/override nodes. */
enum LayerFamily {
    LEGACY_LAYER, SETUP_LAYER, COLLECTION, OVERRIDE, NONE;

    static LayerFamily of(String type) {
        if (type.equals("renderLayer")) {
            return LEGACY_LAYER;
        }
        if (type.equals("renderSetupLayer")) {
            return SETUP_LAYER;
        }
        // collection, renderSettingsCollection, lightsCollection, aovCollection, ...
        if (type.equals("collection") || type.endsWith("Collection") || type.endsWith("ChildCollection")) {
            return COLLECTION;
        }
        // absOverride, relOverride, absUniqueOverride, shaderOverride, materialOverride, connectionOverride, ...
        if (type.endsWith("Override")) {
            return OVERRIDE;
        }
        return NONE;
    }
}
