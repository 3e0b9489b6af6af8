// The public tracking page's shapes beyond complaints': a new-connection application as its applicant sees it.
import { type Static, Type } from "typebox";
import { APPLICATION_STATUSES, TARIFF_CATEGORIES } from "../../db/schema.constants.ts";
import { DateTime, Named, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import { APPLICATION_DOCUMENT_CODES } from "../connections/connections.constants.ts";

export const PublicApplicationParams = Type.Object(
  { number: Type.String({ minLength: 1, maxLength: 40 }) },
  Strict,
);

export const PublicApplicationQuery = Type.Object(
  {
    mobile: Type.String({
      pattern: "^[0-9]{4}$",
      description: "the last 4 digits of the applicant's mobile",
    }),
  },
  Strict,
);
export type PublicApplicationQuery = Static<typeof PublicApplicationQuery>;

/** No name, mobile, address, consumer number or staff: the stage, the next step and the SoP date. */
export const PublicApplicationDto = Type.Object({
  number: Type.String(),
  status: StringEnum(APPLICATION_STATUSES),
  category: StringEnum(TARIFF_CATEGORIES),
  dc: Named,
  appliedAt: DateTime,
  statusAt: DateTime,
  /** The earlier of the stage's and the regulator's limits while the application waits on the DISCOM. */
  dueAt: Nullable(DateTime),
  /** The regulator's (SoP) date for the connection, once the documents are complete. */
  releaseDueAt: Nullable(DateTime),
  missingDocuments: Type.Array(StringEnum(APPLICATION_DOCUMENT_CODES)),
  chargesDueRs: Nullable(Type.Integer()),
  payLink: Nullable(Type.String()),
  nextStep: Type.Object({ en: Type.String(), hi: Type.String() }),
  steps: Type.Array(Type.Object({ at: DateTime, status: StringEnum(APPLICATION_STATUSES) })),
});
export type PublicApplicationDto = Static<typeof PublicApplicationDto>;
