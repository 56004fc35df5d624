/**
 * A minimal Reflect metadata API (the subset of the `reflect-metadata` proposal that tsyringe and
 * @peculiar/x509 call), installed only when no polyfill is present. @peculiar/x509 refuses to load
 * without one, and the project does not depend on `reflect-metadata`; this WeakMap-backed
 * version is enough for the decorators those libraries run at load time. Import it before
 * `@peculiar/x509`.
 */
type Key = string | symbol;
type Store = Map<Key | undefined, Map<unknown, unknown>>;

const registry = new WeakMap<object, Store>();

function table(
  target: object,
  property: Key | undefined,
  create: boolean,
): Map<unknown, unknown> | undefined {
  let store = registry.get(target);
  if (!store) {
    if (!create) return undefined;
    store = new Map();
    registry.set(target, store);
  }
  let entries = store.get(property);
  if (!entries && create) {
    entries = new Map();
    store.set(property, entries);
  }
  return entries;
}

const api = {
  defineMetadata(key: unknown, value: unknown, target: object, property?: Key) {
    table(target, property, true)!.set(key, value);
  },
  getOwnMetadata(key: unknown, target: object, property?: Key) {
    return table(target, property, false)?.get(key);
  },
  hasOwnMetadata(key: unknown, target: object, property?: Key) {
    return table(target, property, false)?.has(key) ?? false;
  },
  getMetadata(key: unknown, target: object, property?: Key): unknown {
    for (let current: object | null = target; current; current = Object.getPrototypeOf(current)) {
      const entries = table(current, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  },
  hasMetadata(key: unknown, target: object, property?: Key): boolean {
    return api.getMetadata(key, target, property) !== undefined;
  },
  metadata(key: unknown, value: unknown) {
    return (target: object, property?: Key) => api.defineMetadata(key, value, target, property);
  },
};

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== 'function') {
  for (const [name, fn] of Object.entries(api)) reflect[name] = fn;
}
