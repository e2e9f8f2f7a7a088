package cloud.yuntu.scene.mb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes Maya IFF the way Maya does (FOR4 or FOR8 sizes and padding), for synthetic .mb files. */
public final class IffWriter {

    private final boolean wide;

    public IffWriter(boolean wide) {
        this.wide = wide;
    }

    public byte[] group(String groupTag, String formType, byte[]... children) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii(formType));
        for (byte[] child : children) {
            body.writeBytes(child);
        }
        byte[] content = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, groupTag, content.length);
        out.writeBytes(content);
        pad(out, content.length, 4);
        return out.toByteArray();
    }

    public byte[] form(String formType, byte[]... children) {
        return group(wide ? "FOR8" : "FOR4", formType, children);
    }

    public byte[] leaf(String tag, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, tag, data.length);
        out.writeBytes(data);
        pad(out, data.length, wide ? 8 : 4);
        return out.toByteArray();
    }

    public byte[] strings(String tag, String... parts) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String part : parts) {
            data.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            data.write(0);
        }
        return leaf(tag, data.toByteArray());
    }

    /** An attribute chunk: name, NUL, one flag byte, value bytes. */
    public byte[] attribute(String tag, String name, byte[] value) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        data.write(0);
        data.write(0x20);
        data.writeBytes(value);
        return leaf(tag, data.toByteArray());
    }

    public byte[] string(String name, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[text.length + 1];
        System.arraycopy(text, 0, withNul, 0, text.length);
        return attribute("STR ", name, withNul);
    }

    public byte[] number(String name, double value) {
        return attribute("DBLE", name, ByteBuffer.allocate(8).putDouble(value).array());
    }

    /** A time value in ticks: int32 in FOR4, int64 in FOR8. */
    public byte[] ticks(String name, long ticks) {
        byte[] value = wide ? ByteBuffer.allocate(8).putLong(ticks).array() : ByteBuffer.allocate(4).putInt((int) ticks).array();
        return attribute("DBLE", name, value);
    }

    public byte[] file(byte[]... children) {
        return form("Maya", children);
    }

    private void header(ByteArrayOutputStream out, String tag, long size) {
        out.writeBytes(ascii(tag));
        if (wide) {
            out.writeBytes(new byte[] {0x4f, 0x7f, 0, 0}); // the unused word real files fill with junk
            out.writeBytes(ByteBuffer.allocate(8).putLong(size).array());
        } else {
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) size).array());
        }
    }

    private static void pad(ByteArrayOutputStream out, long size, int alignment) {
        long padding = (alignment - size % alignment) % alignment;
        for (int i = 0; i < padding; i++) {
            out.write(0);
        }
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(StandardCharsets.ISO_8859_1);
    }
}
