/**
 * What the IVR tells the rest: a call it answered (an outage answer, a key
 * press that registered or joined a complaint, a missed call), so live
 * screens refresh their IVR counter at once instead of on their timer.
 * `dcPath`: the DC of the consumer it was about; null for a number no one has.
 */
export type IvrDomainEvent = { type: "ivr.call_answered"; dcPath: string | null };
