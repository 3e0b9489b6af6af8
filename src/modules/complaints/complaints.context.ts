import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import type { Clock } from "../../lib/clock.ts";
import type { AppEvent } from "../events.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import type { Catalogue, CatalogueRepository } from "./catalogue.repository.ts";
import type { ComplaintDomainEvent } from "./complaints.events.ts";
import type { ComplaintsRepository } from "./complaints.repository.ts";

export interface ComplaintSettings {
  /** "auto": a new complaint goes to the DC's on-duty lineman with the least open work; "manual": the JE assigns. */
  assignment: "auto" | "manual";
  /** A reopened complaint's limit, as a share of the category's limit. */
  reopenLimitPercent: number;
}

export const DEFAULT_COMPLAINT_SETTINGS: ComplaintSettings = { assignment: "auto", reopenLimitPercent: 50 };

export type Emit = (e: ComplaintDomainEvent) => Promise<void>;

/** What the parts of the complaints service (registration, life cycle, escalation, public pages) share. */
export interface ComplaintsContext {
  readonly uow: UnitOfWork<AppEvent>;
  /** The complaints repository on the root connection, or bound to a transaction. */
  readonly complaints: (tx?: Tx) => ComplaintsRepository;
  /** The catalogue on the root connection, or bound to a transaction (PGlite has one session: never mix them). */
  readonly catalogue: (tx?: Tx) => CatalogueRepository;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly config: ComplaintConfig;
}

const CACHE_MS = 30_000;

/**
 * Settings and the catalogue change rarely (an admin's edit) and are read on
 * every registration: keep them a short while.
 */
export class ComplaintConfig {
  private settingsCache: { value: ComplaintSettings; at: number } | undefined;
  private catalogueCache: { value: Catalogue; at: number } | undefined;

  constructor(
    private readonly settings: SettingsRepository,
    private readonly catalogue: () => CatalogueRepository,
  ) {}

  async get(): Promise<ComplaintSettings> {
    const now = Date.now();
    if (this.settingsCache && now - this.settingsCache.at < CACHE_MS) return this.settingsCache.value;
    const value = {
      ...DEFAULT_COMPLAINT_SETTINGS,
      ...((await this.settings.get<Partial<ComplaintSettings>>("complaints")) ?? {}),
    };
    this.settingsCache = { value, at: now };
    return value;
  }

  /** The catalogue, from the root connection: call it outside transactions only (PGlite has one session). */
  async catalogueNow(): Promise<Catalogue> {
    const now = Date.now();
    if (this.catalogueCache && now - this.catalogueCache.at < CACHE_MS) return this.catalogueCache.value;
    const value = await this.catalogue().all();
    this.catalogueCache = { value, at: now };
    return value;
  }
}
