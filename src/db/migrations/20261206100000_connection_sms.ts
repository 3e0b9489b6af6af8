import { type Kysely, sql } from "kysely";

// The applicant of a new connection hears of every stage by SMS, in Hindi or
// English as he applied, with the application number and the next step:
// registered, documents complete, site inspected, demand note (amount and
// where to pay), charges paid, meter installed, released (with the consumer
// number) or rejected (with the reason). DLT ids from the new connections'
// range (1107000000000000500-519).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into sms_templates (code, language, body, dlt_template_id, sender, category, optional, quiet_hours) values
      ('connection_applied', 'en', 'New connection application {number} is registered. Next: give the documents asked for at {dc}. Call 1912 to know more. - {company}', '1107000000000000500', 'PWRDSK', 'service_explicit', false, false),
      ('connection_applied', 'hi', 'नए कनेक्शन का आवेदन {number} दर्ज हो गया है। आगे: माँगे गए दस्तावेज़ {dc} में जमा करें। जानकारी के लिए 1912 पर कॉल करें। - {company}', '1107000000000000501', 'PWRDSK', 'service_explicit', false, false),
      ('connection_documents_complete', 'en', 'Application {number}: documents complete. Next: our staff will inspect the site. Connection due by {due}. - {company}', '1107000000000000502', 'PWRDSK', 'service_explicit', false, false),
      ('connection_documents_complete', 'hi', 'आवेदन {number}: दस्तावेज़ पूरे हुए। आगे: हमारे कर्मचारी स्थल निरीक्षण करेंगे। कनेक्शन {due} तक। - {company}', '1107000000000000503', 'PWRDSK', 'service_explicit', false, false),
      ('connection_site_inspected', 'en', 'Application {number}: site inspected. Next: you will get the demand note for the charges. - {company}', '1107000000000000504', 'PWRDSK', 'service_explicit', false, false),
      ('connection_site_inspected', 'hi', 'आवेदन {number}: स्थल निरीक्षण हो गया। आगे: आपको शुल्क का माँग पत्र भेजा जाएगा। - {company}', '1107000000000000505', 'PWRDSK', 'service_explicit', false, false),
      ('connection_demand_note', 'en', 'Application {number}: demand note of Rs {amount}. Next: pay online at {pay} or at your DC office. - {company}', '1107000000000000506', 'PWRDSK', 'service_explicit', false, false),
      ('connection_demand_note', 'hi', 'आवेदन {number}: रु {amount} का माँग पत्र। आगे: {pay} पर ऑनलाइन या अपने वितरण केंद्र में भुगतान करें। - {company}', '1107000000000000507', 'PWRDSK', 'service_explicit', false, false),
      ('connection_charges_paid', 'en', 'Application {number}: payment of Rs {amount} received. Next: the meter will be installed. Connection due by {due}. - {company}', '1107000000000000508', 'PWRDSK', 'service_explicit', false, false),
      ('connection_charges_paid', 'hi', 'आवेदन {number}: रु {amount} का भुगतान मिला। आगे: मीटर लगाया जाएगा। कनेक्शन {due} तक। - {company}', '1107000000000000509', 'PWRDSK', 'service_explicit', false, false),
      ('connection_meter_installed', 'en', 'Application {number}: meter installed. Next: your connection will be released and given a consumer number. - {company}', '1107000000000000510', 'PWRDSK', 'service_explicit', false, false),
      ('connection_meter_installed', 'hi', 'आवेदन {number}: मीटर लग गया। आगे: कनेक्शन चालू होकर उपभोक्ता क्रमांक मिलेगा। - {company}', '1107000000000000511', 'PWRDSK', 'service_explicit', false, false),
      ('connection_released', 'en', 'Application {number}: your connection is released. Consumer number {consumer}: quote it for bills and complaints. - {company}', '1107000000000000512', 'PWRDSK', 'service_explicit', false, false),
      ('connection_released', 'hi', 'आवेदन {number}: आपका कनेक्शन चालू हो गया। उपभोक्ता क्रमांक {consumer}: बिल और शिकायत में यही बताएं। - {company}', '1107000000000000513', 'PWRDSK', 'service_explicit', false, false),
      ('connection_rejected', 'en', 'Application {number} is rejected: {reason}. To apply again or for help, call 1912. - {company}', '1107000000000000514', 'PWRDSK', 'service_explicit', false, false),
      ('connection_rejected', 'hi', 'आवेदन {number} अस्वीकृत: {reason}। फिर से आवेदन या सहायता के लिए 1912 पर कॉल करें। - {company}', '1107000000000000515', 'PWRDSK', 'service_explicit', false, false)
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sms_templates where code in ('connection_applied', 'connection_documents_complete', 'connection_site_inspected', 'connection_demand_note', 'connection_charges_paid', 'connection_meter_installed', 'connection_released', 'connection_rejected')`.execute(
    db,
  );
}
