package io.tracegate.protocol.message;

import io.netty.buffer.ByteBuf;
import io.tracegate.protocol.codec.PgBuffers;
import java.util.ArrayList;
import java.util.List;

/** The columns of the rows that follow. */
public record RowDescription(List<Field> fields) implements BackendMessage {

    /** One column: name, source table and attribute, type, size, modifier and format. */
    public record Field(String name, int tableOid, short columnNumber, int typeOid, short typeSize,
            int typeModifier, short format) {
    }

    public RowDescription {
        fields = List.copyOf(fields);
    }

    public static RowDescription decode(ByteBuf body) {
        int count = body.readUnsignedShort();
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(new Field(PgBuffers.readCString(body), body.readInt(), body.readShort(), body.readInt(),
                    body.readShort(), body.readInt(), body.readShort()));
        }
        return new RowDescription(fields);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgBuffers.beginMessage(out, 'T');
        out.writeShort(fields.size());
        for (Field field : fields) {
            PgBuffers.writeCString(out, field.name());
            out.writeInt(field.tableOid()).writeShort(field.columnNumber()).writeInt(field.typeOid())
                    .writeShort(field.typeSize()).writeInt(field.typeModifier()).writeShort(field.format());
        }
        PgBuffers.endMessage(out, lengthIndex);
    }
}
