/**
 * Indian mobile numbers: 10 digits starting 6-9. Accepts what people type or
 * what a CTI sends (+91 98765 43210, 098765-43210, 919876543210) and returns the
 * 10 digits, or undefined when it is not a mobile number.
 */
export function normaliseMobile(input: string): string | undefined {
  let digits = input.replace(/[\s\-().]/g, "");
  if (digits.startsWith("+91")) digits = digits.slice(3);
  else if (digits.length === 12 && digits.startsWith("91")) digits = digits.slice(2);
  else if (digits.length === 11 && digits.startsWith("0")) digits = digits.slice(1);
  return /^[6-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** Shows only the last four digits: ******3210. */
export function maskMobile(mobile: string): string {
  return `******${mobile.slice(-4)}`;
}
