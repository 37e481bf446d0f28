/**
 * A value to look up through the credential resolver: what the YAML tag `!secret NAME`
 * reads as. Resolved while the config loads; never part of a loaded config.
 */
export class SecretRef {
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  toString(): string {
    return `!secret ${this.name}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
