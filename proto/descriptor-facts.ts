/**
 * Flattens the `tetragon` package of a protobuf registry into one line per wire/JSON fact
 * (a field's number, type, label, JSON name, oneof; an enum value; a method's types and
 * streaming kind). Two registries are wire- and JSON-compatible exactly when their fact sets
 * are equal, so the difference in either direction is a readable list of what is wrong.
 */
import type { DescEnum, DescMessage, DescService, Registry } from "@bufbuild/protobuf";

export function describeRegistry(registry: Registry, pkg: string): Set<string> {
  const facts = new Set<string>();
  for (const type of registry) {
    if (!type.typeName.startsWith(`${pkg}.`)) continue;
    switch (type.kind) {
      case "message":
        addMessageFacts(type, facts);
        break;
      case "enum":
        addEnumFacts(type, facts);
        break;
      case "service":
        addServiceFacts(type, facts);
        break;
      case "extension":
        facts.add(`extension ${type.typeName}`);
        break;
    }
  }
  return facts;
}

function addMessageFacts(message: DescMessage, facts: Set<string>): void {
  facts.add(`message ${message.typeName}`);
  for (const oneof of message.oneofs) {
    facts.add(
      `oneof ${message.typeName}.${oneof.name} {${oneof.fields.map((f) => f.name).join(",")}}`,
    );
  }
  for (const field of message.fields) {
    const p = field.proto;
    facts.add(
      [
        `field ${message.typeName}.${field.name}`,
        `number=${field.number}`,
        `type=${p.type}`,
        `typeName=${p.typeName}`,
        `label=${p.label}`,
        `json=${field.jsonName}`,
        `oneof=${field.oneof?.name ?? "-"}`,
        `proto3Optional=${p.proto3Optional}`,
      ].join(" "),
    );
  }
  for (const range of message.proto.reservedRange) {
    facts.add(`reserved ${message.typeName} ${range.start}..${range.end}`);
  }
}

function addEnumFacts(enumeration: DescEnum, facts: Set<string>): void {
  facts.add(`enum ${enumeration.typeName}`);
  for (const value of enumeration.values) {
    facts.add(`enum-value ${enumeration.typeName}.${value.name}=${value.number}`);
  }
}

function addServiceFacts(service: DescService, facts: Set<string>): void {
  facts.add(`service ${service.typeName}`);
  for (const method of service.methods) {
    facts.add(
      `method ${service.typeName}/${method.name} ${method.methodKind} ` +
        `${method.input.typeName} -> ${method.output.typeName}`,
    );
  }
}

/** Facts in `a` that `b` lacks, sorted for a readable failure message. */
export function missingFrom(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((fact) => !b.has(fact)).sort();
}
