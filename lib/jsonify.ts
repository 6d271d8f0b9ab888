/**
 * The type a value has after `JSON.stringify` and `JSON.parse`: what a browser actually receives
 * from a route handler. Dates become strings, functions and `undefined` properties disappear
 * (so such keys become optional), anything with `toJSON` becomes what that returns. Client code
 * derives its types from the server's return types through this, instead of re-declaring them.
 */
export type Jsonify<T> = T extends string | number | boolean | null
  ? T
  : T extends { toJSON(): infer J }
    ? Jsonify<J>
    : T extends undefined | symbol | ((...args: never[]) => unknown)
      ? never
      : T extends readonly (infer U)[]
        ? Jsonify<U>[]
        : T extends object
          ? JsonObject<T>
          : never;

type KeysWithUndefined<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

type JsonObject<T> = Flatten<
  { [K in Exclude<keyof T, KeysWithUndefined<T>> as K extends string ? K : never]: Jsonify<T[K]> } & {
    [K in KeysWithUndefined<T> as K extends string ? K : never]?: Jsonify<Exclude<T[K], undefined>>;
  }
>;

type Flatten<T> = { [K in keyof T]: T[K] } & {};
