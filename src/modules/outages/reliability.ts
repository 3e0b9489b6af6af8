/**
 * Reliability indices (IEEE 1366, as India's regulators use them):
 * SAIFI = customer interruptions / customers served,
 * SAIDI = customer minutes of interruption / customers served,
 * CAIDI = SAIDI / SAIFI (the average restoration time, minutes),
 * MAIFI = customer momentary interruptions / customers served.
 * An interruption shorter than the momentary threshold (India: 3 minutes)
 * counts in MAIFI only.
 */
export interface Interruption {
  /** Consumers who lost supply. */
  customers: number;
  minutes: number;
}

/** Sums over the interruptions of one area and period. */
export interface InterruptionTotals {
  interruptions: number;
  momentary: number;
  customerInterruptions: number;
  customerMinutes: number;
  momentaryCustomers: number;
}

export interface ReliabilityIndices extends InterruptionTotals {
  customersServed: number;
  saifi: number;
  saidi: number;
  caidi: number;
  maifi: number;
}

export const NO_INTERRUPTIONS: InterruptionTotals = {
  interruptions: 0,
  momentary: 0,
  customerInterruptions: 0,
  customerMinutes: 0,
  momentaryCustomers: 0,
};

export function totalsOf(
  interruptions: readonly Interruption[],
  momentaryMinutes: number,
): InterruptionTotals {
  const t = { ...NO_INTERRUPTIONS };
  for (const i of interruptions) {
    if (i.minutes < momentaryMinutes) {
      t.momentary++;
      t.momentaryCustomers += i.customers;
    } else {
      t.interruptions++;
      t.customerInterruptions += i.customers;
      t.customerMinutes += i.customers * i.minutes;
    }
  }
  return t;
}

export function addTotals(a: InterruptionTotals, b: InterruptionTotals): InterruptionTotals {
  return {
    interruptions: a.interruptions + b.interruptions,
    momentary: a.momentary + b.momentary,
    customerInterruptions: a.customerInterruptions + b.customerInterruptions,
    customerMinutes: a.customerMinutes + b.customerMinutes,
    momentaryCustomers: a.momentaryCustomers + b.momentaryCustomers,
  };
}

export function indicesFromTotals(t: InterruptionTotals, customersServed: number): ReliabilityIndices {
  const per = (x: number) => (customersServed > 0 ? x / customersServed : 0);
  const saifi = per(t.customerInterruptions);
  const saidi = per(t.customerMinutes);
  return {
    ...t,
    customersServed,
    saifi,
    saidi,
    caidi: saifi > 0 ? saidi / saifi : 0,
    maifi: per(t.momentaryCustomers),
  };
}

export function reliabilityIndices(
  interruptions: readonly Interruption[],
  customersServed: number,
  momentaryMinutes: number,
): ReliabilityIndices {
  return indicesFromTotals(totalsOf(interruptions, momentaryMinutes), customersServed);
}
