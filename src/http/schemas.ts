import { type Static, type TSchema, Type } from "typebox";

export const ErrorResponse = Type.Object(
  {
    error: Type.String({ description: "machine-readable code, e.g. validation_failed, not_found" }),
    message: Type.String({ description: "what went wrong, in English" }),
    field: Type.Optional(Type.String({ description: "the request field at fault" })),
    allowed: Type.Optional(
      Type.Array(Type.String(), { description: "for a refused state change: the actions allowed now" }),
    ),
  },
  { $id: "ErrorResponse" },
);

const errorRef = Type.Ref("ErrorResponse");

/** Standard error responses for the OpenAPI document. */
export function errors(...codes: number[]): Record<number, TSchema> {
  return Object.fromEntries(codes.map((c) => [c, errorRef]));
}

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const DateTime = Type.String({ format: "date-time" });

/** Objects in requests refuse unknown fields, so a typo is a 400 instead of a silent no-op. */
export const Strict = { additionalProperties: false } as const;

/** A string enum with a literal TypeScript type and an `enum` in the OpenAPI document. */
export function StringEnum<T extends string>(
  values: readonly T[],
  options: { description?: string; default?: T } = {},
) {
  return Type.Unsafe<T>({ type: "string", enum: [...values], ...options });
}

/** A numeric id in the path. */
export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) }, Strict);

/** A category, sub-category, resolution code, office or network element: its code and names. */
export const Named = Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() });
export type Named = Static<typeof Named>;

/** An office (org unit) as shown beside a row: its code and names. */
export const OrgRef = Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() });

/** The body of a 204 answer. */
export const NoContent = Type.Null();
