package cloud.yuntu.agent.simulate;

import java.util.Locale;

/**
 * How the simulated renderer talks for the renderer of {@code -r}: the lines each real renderer
 * prints in Maya's batch log for loading, progress, a finished frame and a failed one, so the
 * agent's progress parsing and error classification meet what they will meet on real nodes.
 * Every name printed comes through {@link SimulatedRender.Out}, which escapes control characters.
 */
enum RendererStyle {

    /** MtoA: {@code 00:00:01   512MB         | 45% done - 45 rays/pixel}. */
    ARNOLD {
        @Override
        void start(SimulatedRender.Out out, RenderFlags flags) {
            out.arnold("simulate".equals(flags.renderer()) ? "Yuntu simulated renderer 1.0 (Arnold-style log)"
                    : "[mtoa] Yuntu simulated renderer 1.0 standing in for Arnold (mtoa)");
            out.arnold("[scene] loading " + out.safe(flags.scene()));
            out.arnold("[mtoa] rendering layer " + out.safe(ImageNames.layerName(flags.layer())) + " ("
                    + out.safe(flags.layer() == null ? ImageNames.DEFAULT_RENDER_LAYER : flags.layer()) + "), camera "
                    + out.safe(ImageNames.cameraName(flags.camera())));
        }

        @Override
        void frameStart(SimulatedRender.Out out, RenderFlags flags, int frame) {
            out.arnold("[mtoa] frame " + frame + ": rendering " + flags.width() + "x" + flags.height());
            // Arnold's own lines, as arnold-usd#1875 shows them: workers start, N% done, render done, the driver writes.
            out.arnold("starting 2 bucket workers of size 64x64 ...");
            out.arnold("0% done - 10 rays/pixel");
        }

        @Override
        void progress(SimulatedRender.Out out, int frame, int percent) {
            out.arnold(percent + "% done - " + percent + " rays/pixel");
        }

        @Override
        void frameDone(SimulatedRender.Out out, int frame, String image, long millis) {
            out.arnold("render done in " + String.format(Locale.ROOT, "%d:%02d.%03d", millis / 60_000,
                    millis / 1000 % 60, millis % 1000));
            out.arnold("[driver_" + image.substring(image.lastIndexOf('.') + 1) + "] writing file `" + image + "'");
        }

        @Override
        String failure(int frame) {
            return "[mtoa] Failed to render frame " + frame;
        }

        @Override
        void dependency(SimulatedRender.Out out, String message) {
            out.arnold("[mtoa] " + message);
        }

        /**
         * Arnold's texture system cannot open the file, and with Arnold's default abort on error the render
         * stops. Arnold's lines as arnold-usd#1546 shows them ({@code ERROR   |  [texturesys] <node>: Could not
         * open file "<path>"}) and arnold-usd#1875 ({@code WARNING |  render terminating early:  received abort
         * signal}); MtoA repeats an Arnold error in Maya's log as {@code // Error: [<module>] <message> //}, as
         * in arnoldsupport.com's "[MtoA] Error: defaultArnold Driver can't create file" ({@code // Error:
         * [driver_exr] defaultArnoldDriver@driver_exr.RGBA: can't create file ...}).
         */
        @Override
        boolean missingTexture(SimulatedRender.Out out, String node, String attribute, String path) {
            String message = "[texturesys] " + node + ": Could not open file \"" + path + "\"";
            out.arnold("ERROR", " " + message);
            out.line("// Error: " + message + " //");
            out.arnold("WARNING", " render terminating early:  received abort signal");
            return true;
        }
    },

    /** Redshift: per-frame block lines, {@code Block 12/48 (3,1) rendered by GPU 0 in 15ms}. */
    REDSHIFT {
        private static final int BLOCKS = 10;

        @Override
        void start(SimulatedRender.Out out, RenderFlags flags) {
            out.line("Redshift Version 3.5.0 (Yuntu simulated renderer 1.0 standing in for Redshift)");
            out.line("Loading scene " + out.safe(flags.scene()));
            announceLayer(out, flags);
        }

        @Override
        void frameStart(SimulatedRender.Out out, RenderFlags flags, int frame) {
            out.line("[Redshift] Rendering frame " + frame + "...");
            out.line("\tRendering blocks... (block size: 128x128, " + flags.width() + "x" + flags.height() + ")");
        }

        @Override
        void progress(SimulatedRender.Out out, int frame, int percent) {
            int block = percent * BLOCKS / 100;
            out.line("[Redshift] \tBlock " + block + "/" + BLOCKS + " (" + block % 4 + "," + block / 4
                    + ") rendered by GPU 0 in 4ms");
        }

        @Override
        void frameDone(SimulatedRender.Out out, int frame, String image, long millis) {
            out.line(String.format(Locale.ROOT, "\tFrame rendering done - total time for 1 frames: %.2fs", millis / 1000.0));
            out.line("\tSaved file '" + image + "' in 0.01s");
        }

        @Override
        String failure(int frame) {
            return "[Redshift] Failed to render frame " + frame;
        }

        @Override
        String nodeFailure(int frame) {
            return failure(frame) + ": out of VRAM";
        }
    },

    /** V-Ray for Maya: {@code V-Ray: Rendering image...: 45.00% [ 0h  0m  1.2s] ...}, {@code V-Ray: Total frame time ...}. */
    VRAY {
        @Override
        void start(SimulatedRender.Out out, RenderFlags flags) {
            vray(out, "V-Ray for Maya (Yuntu simulated renderer 1.0 standing in for V-Ray)");
            vray(out, "Loading scene " + out.safe(flags.scene()));
            vray(out, "Rendering layer " + out.safe(ImageNames.layerName(flags.layer())) + ", camera "
                    + out.safe(ImageNames.cameraName(flags.camera())));
        }

        @Override
        void frameStart(SimulatedRender.Out out, RenderFlags flags, int frame) {
            vray(out, "Starting frame " + frame + " (" + flags.width() + "x" + flags.height() + ")");
            vray(out, "Rendering image...:  0.00% [ 0h  0m  0.0s] [ 0h  0m  0.0s est]");
        }

        @Override
        void progress(SimulatedRender.Out out, int frame, int percent) {
            vray(out, String.format(Locale.ROOT, "Rendering image...: %5.2f%% [ 0h  0m  0.0s] [ 0h  0m  0.0s est]",
                    (double) percent));
        }

        @Override
        void frameDone(SimulatedRender.Out out, int frame, String image, long millis) {
            vray(out, "Successfully written image file \"" + image + "\"");
            vray(out, String.format(Locale.ROOT, "Total frame time  0h  0m %4.1fs", millis / 1000.0));
        }

        @Override
        String failure(int frame) {
            return "V-Ray: Failed to render frame " + frame;
        }

        @Override
        void dependency(SimulatedRender.Out out, String message) {
            vray(out, message);
        }

        private void vray(SimulatedRender.Out out, String message) {
            out.line("V-Ray: " + message);
        }
    },

    /** RenderMan's progress lines, {@code R90000  45%}. */
    RENDERMAN {
        @Override
        void start(SimulatedRender.Out out, RenderFlags flags) {
            out.line("RenderMan for Maya (Yuntu simulated renderer 1.0 standing in for RenderMan)");
            out.line("R00001 Loading scene " + out.safe(flags.scene()));
            out.line("R00001 Rendering layer " + out.safe(ImageNames.layerName(flags.layer())) + ", camera "
                    + out.safe(ImageNames.cameraName(flags.camera())));
        }

        @Override
        void frameStart(SimulatedRender.Out out, RenderFlags flags, int frame) {
            out.line("R00001 Rendering frame " + frame + " at " + flags.width() + "x" + flags.height());
            out.line("R90000     0%");
        }

        @Override
        void progress(SimulatedRender.Out out, int frame, int percent) {
            out.line(String.format(Locale.ROOT, "R90000   %3d%%", percent));
        }

        @Override
        void frameDone(SimulatedRender.Out out, int frame, String image, long millis) {
            out.line("R00001 Wrote " + image);
        }

        @Override
        String failure(int frame) {
            return "[RenderMan] Failed to render frame " + frame;
        }

        @Override
        void dependency(SimulatedRender.Out out, String message) {
            out.line("R00001 " + message);
        }
    },

    /** Maya Software: {@code Percentage of rendering done: 45 (/path/scene.ma)}. */
    MAYA_SOFTWARE {
        @Override
        void start(SimulatedRender.Out out, RenderFlags flags) {
            out.line("Yuntu simulated renderer 1.0 standing in for Maya Software");
            out.line("Starting Rendering " + out.safe(flags.scene()));
            announceLayer(out, flags);
        }

        @Override
        void frameStart(SimulatedRender.Out out, RenderFlags flags, int frame) {
            out.line("Rendering frame " + frame + " at " + flags.width() + "x" + flags.height());
            out.line("Percentage of rendering done: 0 (" + out.safe(flags.scene()) + ")");
        }

        @Override
        void progress(SimulatedRender.Out out, int frame, int percent) {
            out.line("Percentage of rendering done: " + percent + " (frame " + frame + ")");
        }

        @Override
        void frameDone(SimulatedRender.Out out, int frame, String image, long millis) {
            out.line("Finished Rendering " + image + ".");
        }

        @Override
        String failure(int frame) {
            return "Failed to render frame " + frame;
        }
    },

    /** Maya Hardware 2.0 prints no percentage in a batch render; neither does its stand-in. */
    MAYA_HARDWARE2 {
        @Override
        void start(SimulatedRender.Out out, RenderFlags flags) {
            out.line("Yuntu simulated renderer 1.0 standing in for Maya Hardware 2.0");
            out.line("Starting Rendering " + out.safe(flags.scene()));
            announceLayer(out, flags);
        }

        @Override
        void frameStart(SimulatedRender.Out out, RenderFlags flags, int frame) {
            out.line("Rendering frame " + frame + " at " + flags.width() + "x" + flags.height());
        }

        @Override
        void progress(SimulatedRender.Out out, int frame, int percent) {
            // No progress lines.
        }

        @Override
        void frameDone(SimulatedRender.Out out, int frame, String image, long millis) {
            out.line("Finished Rendering " + image + ".");
        }

        @Override
        String failure(int frame) {
            return "Failed to render frame " + frame;
        }
    },

    /** A renderer the simulator knows no log of: {@code Progress: 45%}, which the agent reads too. */
    GENERIC {
        @Override
        void start(SimulatedRender.Out out, RenderFlags flags) {
            out.line("Yuntu simulated renderer 1.0 standing in for " + out.safe(flags.renderer()));
            out.line("Loading scene " + out.safe(flags.scene()));
            announceLayer(out, flags);
        }

        @Override
        void frameStart(SimulatedRender.Out out, RenderFlags flags, int frame) {
            out.line("Rendering frame " + frame + " at " + flags.width() + "x" + flags.height());
            out.line("Progress: 0%");
        }

        @Override
        void progress(SimulatedRender.Out out, int frame, int percent) {
            out.line("Progress: " + percent + "%");
        }

        @Override
        void frameDone(SimulatedRender.Out out, int frame, String image, long millis) {
            out.line("Wrote " + image);
        }

        @Override
        String failure(int frame) {
            return "Failed to render frame " + frame;
        }
    };

    /** The style of a {@code Render -r} name; {@code simulate} talks like Arnold, as it always has. */
    static RendererStyle of(String renderer) {
        return switch (renderer) {
            case "arnold", "simulate" -> ARNOLD;
            case "redshift" -> REDSHIFT;
            case "vray" -> VRAY;
            case "renderman" -> RENDERMAN;
            // Render -r takes sw and hw2 for Maya's own renderers; jobs name them mayaSoftware, mayaHardware2.
            case "mayaSoftware", "sw" -> MAYA_SOFTWARE;
            case "mayaHardware2", "hw2" -> MAYA_HARDWARE2;
            default -> GENERIC;
        };
    }

    /** Scene loaded: the renderer's banner, the scene, the layer and camera it renders. */
    /** The line every style prints of what it renders, so the layer and camera show in each renderer's log. */
    static void announceLayer(SimulatedRender.Out out, RenderFlags flags) {
        out.line("Rendering layer " + out.safe(ImageNames.layerName(flags.layer())) + ", camera "
                + out.safe(ImageNames.cameraName(flags.camera())));
    }

    abstract void start(SimulatedRender.Out out, RenderFlags flags);

    abstract void frameStart(SimulatedRender.Out out, RenderFlags flags, int frame);

    /** {@code percent} of the frame done, 10 to 100. */
    abstract void progress(SimulatedRender.Out out, int frame, int percent);

    /** {@code image} is already escaped. */
    abstract void frameDone(SimulatedRender.Out out, int frame, String image, long millis);

    /** The message of the {@code // Error:} line a failed frame prints. */
    abstract String failure(int frame);

    /**
     * The message of the {@code // Error:} line of a frame the node cannot render (the renderer runs out of
     * memory): the node's fault, nothing the agent reads as a scene that cannot load, so it is retryable.
     */
    String nodeFailure(int frame) {
        return failure(frame) + ": out of memory";
    }

    /** A file of the project the renderer read (texture, reference, cache ...), in the renderer's own lines. */
    void dependency(SimulatedRender.Out out, String message) {
        out.line(message);
    }

    /**
     * A texture the scene names is not there when the frame renders. Returns whether the render stops.
     * Maya Software reads a file texture it cannot open as no texture and renders on; the other
     * renderers' stand-ins do the same, as the simulator knows no real message of theirs for it. The
     * wording of the warning is the simulator's: only its {@code // Warning: ... //} frame is Maya's.
     *
     * @param node the file node, named in the lines already escaped; Arnold names the node only, Maya its attribute too
     */
    boolean missingTexture(SimulatedRender.Out out, String node, String attribute, String path) {
        missingFile(out, node, attribute, path);
        return false;
    }

    /**
     * A file a node other than a texture names (stand-in, cache, proxy ...) is not there: every
     * renderer's stand-in warns and renders on, the simulator knowing no real message for it; as
     * above, the wording is the simulator's.
     */
    static void missingFile(SimulatedRender.Out out, String node, String attribute, String path) {
        out.line("// Warning: " + node + "." + attribute + ": file \"" + path + "\" not found, rendered without it //");
    }
}
