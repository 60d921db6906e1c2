package io.tbmock.server.internal.tb.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.TypeElement;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One of a device profile's .proto schemas, read as ThingsBoard reads it (docs/device-profiles.md, "Schemas"):
 * parsed by Square Wire's parser (so syntax errors read as ThingsBoard's do), checked against ThingsBoard's
 * restrictions with its messages, and built into a proto3 descriptor whose root is the last top-level message.
 */
final class ProfileSchema {
    static final String PREFIX = "[Transport Configuration]";
    private static final Location NOWHERE = Location.get("");
    private static final Map<String, FieldDescriptorProto.Type> SCALARS = Map.ofEntries(
        Map.entry("double", FieldDescriptorProto.Type.TYPE_DOUBLE), Map.entry("float", FieldDescriptorProto.Type.TYPE_FLOAT),
        Map.entry("int64", FieldDescriptorProto.Type.TYPE_INT64), Map.entry("uint64", FieldDescriptorProto.Type.TYPE_UINT64),
        Map.entry("int32", FieldDescriptorProto.Type.TYPE_INT32), Map.entry("fixed64", FieldDescriptorProto.Type.TYPE_FIXED64),
        Map.entry("fixed32", FieldDescriptorProto.Type.TYPE_FIXED32), Map.entry("bool", FieldDescriptorProto.Type.TYPE_BOOL),
        Map.entry("string", FieldDescriptorProto.Type.TYPE_STRING), Map.entry("bytes", FieldDescriptorProto.Type.TYPE_BYTES),
        Map.entry("uint32", FieldDescriptorProto.Type.TYPE_UINT32), Map.entry("sfixed32", FieldDescriptorProto.Type.TYPE_SFIXED32),
        Map.entry("sfixed64", FieldDescriptorProto.Type.TYPE_SFIXED64), Map.entry("sint32", FieldDescriptorProto.Type.TYPE_SINT32),
        Map.entry("sint64", FieldDescriptorProto.Type.TYPE_SINT64));

    private ProfileSchema() {
    }

    /**
     * Parses and checks the schema as ThingsBoard's DynamicProtoUtils.validateProtoSchema does, in its order.
     *
     * @param name how ThingsBoard's messages name it, e.g. {@code telemetry proto schema}
     * @throws SchemaException ThingsBoard's message for what it refuses
     */
    static ProtoFileElement parse(String text, String name) throws SchemaException {
        ProtoFileElement file;
        try {
            file = ProtoParser.Companion.parse(NOWHERE, text == null ? "" : text);
        } catch (RuntimeException e) {
            throw new SchemaException(PREFIX + " failed to parse " + name + " due to: " + e.getMessage());
        }
        if (file.getSyntax() != Syntax.PROTO_3) {
            throw new SchemaException(PREFIX + " invalid schema syntax: " + file.getSyntax() + " for " + name
                + " provided! Only " + Syntax.PROTO_3 + " allowed!");
        }
        refuseIf(!file.getOptions().isEmpty(), name, " Schema options don't support!");
        refuseIf(!file.getPublicImports().isEmpty(), name, " Schema public imports don't support!");
        refuseIf(!file.getImports().isEmpty(), name, " Schema imports don't support!");
        refuseIf(!file.getExtendDeclarations().isEmpty(), name, " Schema extend declarations don't support!");
        refuseIf(file.getTypes().isEmpty(), name, " Type elements is empty!");
        refuseIf(file.getTypes().stream().noneMatch(MessageElement.class::isInstance), name,
            " At least one Message definition should exists!");
        checkTypes(file.getTypes(), name);
        return file;
    }

    /**
     * The descriptor of the schema's root message: the last top-level message, as ThingsBoard picks it. The package
     * is the file's, or the schema's name lower-cased; the syntax is proto3 whatever the file says.
     *
     * @throws SchemaException the types do not make a valid descriptor (an unknown type, a map field)
     */
    static Descriptor root(ProtoFileElement file, String name) throws SchemaException {
        FileDescriptorProto.Builder proto = FileDescriptorProto.newBuilder().setName(name).setSyntax("proto3")
            .setPackage(file.getPackageName() == null || file.getPackageName().isEmpty()
                ? name.toLowerCase(Locale.ROOT) : file.getPackageName());
        String last = null;
        for (TypeElement type : file.getTypes()) {
            if (type instanceof MessageElement message) {
                proto.addMessageType(message(message));
                last = message.getName();
            } else if (type instanceof EnumElement enumeration) {
                proto.addEnumType(enumeration(enumeration));
            }
        }
        try {
            return FileDescriptor.buildFrom(proto.build(), new FileDescriptor[0]).findMessageTypeByName(last);
        } catch (DescriptorValidationException | IllegalArgumentException e) {
            throw new SchemaException(invalid(name) + " Failed to create dynamic schema due to: " + e.getMessage());
        }
    }

    static String invalid(String name) {
        return PREFIX + " invalid " + name + " provided!";
    }

    private static void checkTypes(List<TypeElement> types, String name) throws SchemaException {
        for (TypeElement type : types) {
            if (type instanceof EnumElement) {
                refuseIf(!type.getNestedTypes().isEmpty(), name, " Nested types in Enum definitions are not supported!");
            }
        }
        for (TypeElement type : types) {
            if (type instanceof EnumElement) {
                refuseIf(!type.getOptions().isEmpty(), name, " Enum definitions options are not supported!");
            }
        }
        for (TypeElement type : types) {
            if (type instanceof MessageElement message) {
                refuseIf(!message.getGroups().isEmpty(), name, " Message definition groups don't support!");
                refuseIf(!message.getOptions().isEmpty(), name, " Message definition options don't support!");
                refuseIf(!message.getExtensions().isEmpty(), name, " Message definition extensions don't support!");
                refuseIf(!message.getReserveds().isEmpty(), name, " Message definition reserved elements don't support!");
                checkFields(message.getFields(), name);
                for (OneOfElement oneOf : message.getOneOfs()) {
                    refuseIf(!oneOf.getGroups().isEmpty(), name, " OneOf definition groups don't support!");
                    checkFields(oneOf.getFields(), name);
                }
                checkTypes(message.getNestedTypes(), name);
            }
        }
    }

    private static void checkFields(List<FieldElement> fields, String name) throws SchemaException {
        refuseIf(fields.stream().anyMatch(field -> field.getLabel() == Field.Label.REQUIRED), name,
            " Required labels are not supported!");
        refuseIf(fields.stream().anyMatch(field -> field.getDefaultValue() != null), name,
            " Default values are not supported!");
    }

    private static void refuseIf(boolean refused, String name, String why) throws SchemaException {
        if (refused) {
            throw new SchemaException(invalid(name) + why);
        }
    }

    private static DescriptorProto message(MessageElement message) {
        DescriptorProto.Builder proto = DescriptorProto.newBuilder().setName(message.getName());
        for (TypeElement nested : message.getNestedTypes()) {
            if (nested instanceof MessageElement nestedMessage) {
                proto.addNestedType(message(nestedMessage));
            } else if (nested instanceof EnumElement nestedEnum) {
                proto.addEnumType(enumeration(nestedEnum));
            }
        }
        for (OneOfElement oneOf : message.getOneOfs()) {
            int index = proto.getOneofDeclCount();
            proto.addOneofDecl(OneofDescriptorProto.newBuilder().setName(oneOf.getName()));
            oneOf.getFields().forEach(field -> proto.addField(field(field).setOneofIndex(index)));
        }
        for (FieldElement field : message.getFields()) {
            FieldDescriptorProto.Builder built = field(field);
            if (field.getLabel() == Field.Label.OPTIONAL) { // proto3 presence: a synthetic one-of of its own
                int index = proto.getOneofDeclCount();
                proto.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + field.getName()));
                built.setProto3Optional(true).setOneofIndex(index);
            }
            proto.addField(built);
        }
        return proto.build();
    }

    private static FieldDescriptorProto.Builder field(FieldElement field) {
        FieldDescriptorProto.Builder proto = FieldDescriptorProto.newBuilder().setName(field.getName())
            .setNumber(field.getTag()).setJsonName(jsonName(field.getName()))
            .setLabel(field.getLabel() == Field.Label.REPEATED ? FieldDescriptorProto.Label.LABEL_REPEATED
                : FieldDescriptorProto.Label.LABEL_OPTIONAL);
        FieldDescriptorProto.Type scalar = SCALARS.get(field.getType());
        if (scalar != null) {
            proto.setType(scalar);
        } else {
            proto.setTypeName(field.getType()); // a message or enum, resolved in scope when the file is built
        }
        return proto;
    }

    private static EnumDescriptorProto enumeration(EnumElement element) {
        EnumDescriptorProto.Builder proto = EnumDescriptorProto.newBuilder().setName(element.getName());
        element.getConstants().forEach(constant ->
            proto.addValue(EnumValueDescriptorProto.newBuilder().setName(constant.getName()).setNumber(constant.getTag())));
        return proto.build();
    }

    /** protoc's JSON name: underscores dropped, the letter after each upper-cased ({@code serial_number} → serialNumber). */
    private static String jsonName(String fieldName) {
        StringBuilder json = new StringBuilder(fieldName.length());
        boolean upper = false;
        for (char c : fieldName.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                json.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return json.toString();
    }
}
