#!/usr/bin/env python3
"""Generates docs/examples/acme and docs/examples/acme-baseline (the ward example)."""
import csv, io, os, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "examples")
BASE_DATE = "2026-06-30"

ID_COLS = ["id","type","name","status","owner","department","manager","created","last_active","terminated","expires","purpose","location"]
def I(id, type, name, status="active", owner="", dept="", manager="", created="", last="", term="", exp="", purpose="", loc=""):
    return dict(zip(ID_COLS, [id,type,name,status,owner,dept,manager,created,last,term,exp,purpose,loc]))

identities = [
 # executive
 I("helen","employee","Helen Achterberg","active","","executive","","","","","","","Amsterdam"),
 I("carla","employee","Carla Mendes","active","","executive","helen","2019-02-04","2026-11-21",loc="Lisbon"),
 I("ben","employee","Ben Okafor","active","","executive","helen","2018-09-17","2026-10-23",loc="Amsterdam"),
 # finance: 9 active humans (one short of min_peer_group)
 I("dana","employee","Dana Whitfield","active","","finance","carla","2020-03-02","2026-11-20",loc="Lisbon"),
 I("victor","employee","Victor Osei","active","","finance","dana","2022-06-13","2026-11-20",loc="Lisbon"),
 I("paul","employee","Paul Lindqvist","active","","finance","carla","2017-11-06","2026-11-19",loc="Stockholm"),
 I("mei","employee","Mei Tanaka","active","","finance","dana","2021-04-19","2026-11-20",loc="Lisbon"),
 I("ivan","employee","Ivan Petrov","active","","finance","carla","2019-08-26","2026-11-18",loc="Lisbon"),
 I("sofia","employee","Sofia Reyes","active","","finance","carla","2016-01-11","2026-11-20",loc="Lisbon"),
 I("lucas","contractor","Lucas Brandt (Brandt Consulting GmbH)","active","","finance","ivan","2026-05-25","2026-11-20","","2026-11-23","Month-end close support",loc="Berlin"),
 I("amara","employee","Nwosu, Amara","active","","finance","dana","2023-01-09","2026-11-21",loc="Lisbon"),
 I("felix","employee","Felix Wagner","active","","finance","ivan","2024-02-01","2026-11-20","2026-11-30",loc="Berlin"),
 I("gregory","employee","Gregory Hale","terminated","","finance","dana","2015-05-04","2026-09-14","2026-09-15",loc="Lisbon"),
 I("hanna","employee","Hanna Berg","suspended","","finance","carla","2018-10-01","2026-06-12",loc="Stockholm"),
 # engineering: 11 active humans
 I("oscar","employee","Oscar Lindgren","active","","engineering","ben","2019-03-11","2026-11-23T09:12:00Z",loc="Stockholm"),
 I("priya","employee","Priya Raman","active","","engineering","ben","2018-06-04","2026-10-23T23:30:00-01:00",loc="Remote"),
 I("tomas","employee","Tomás Novák","active","","engineering","priya","2020-09-14","2026-11-22",loc="Prague"),
 I("nina","employee","Nina Kowalski","active","","engineering","oscar","2023-07-03","2026-11-21",loc="Warsaw"),
 I("raj","employee","Raj Malhotra","active","","engineering","oscar","2017-02-20","2026-11-20",loc="Amsterdam"),
 I("elena","contractor","Elena Russo","active","","engineering","oscar","2026-05-04","2026-11-18","","2026-10-31","Payments UI rewrite",loc="Milan"),
 I("sam","employee",'Samuel "Sam" O\'Neill',"active","","engineering","oscar","2021-10-11","2026-08-24",loc="Dublin"),
 I("kofi","employee","Kofi Mensah","active","","engineering","oscar","2022-03-07","2026-08-25",loc="Amsterdam"),
 I("lin","employee","Lin Wei","active","","engineering","priya","2020-01-13","2026-11-23",loc="Amsterdam"),
 I("marco","employee","Marco Bianchi","active","","engineering","oscar","2026-08-03","2026-11-20",loc="Milan"),
 I("quentin","contractor","Quentin Marchand","active","","engineering","priya","2026-09-01","2026-11-22","","2027-02-28","SRE staff augmentation",loc="Lyon"),
 I("walter","employee","Walter Grünewald","terminated","","engineering","oscar","2016-04-04","2026-10-01","2026-10-02",loc="Berlin"),
 I("yusuf","employee","Yusuf Demir","suspended","","engineering","priya","2019-11-18","2026-04-30","2026-11-10",loc="Amsterdam"),
 # sales
 I("rachel","employee","Rachel Adeyemi","active","","sales","helen","2017-07-10","2026-11-22",loc="London"),
 I("diego","employee","Diego Fernández","active","","sales","rachel","2021-05-17","2026-11-22",loc="Madrid"),
 I("olga","employee","Olga Smirnova","active","","sales","rachel","2020-02-03","2026-10-29","2026-10-30",loc="London"),
 I("kevin","employee","Kevin Walsh","active","","sales","rachel","2022-08-22","2026-11-21","2026-11-23",loc="Dublin"),
 I("bea","contractor","Beatriz Costa","active","","sales","rachel","2026-02-02","2026-11-20","","2026-11-22","Iberia market launch",loc="Lisbon"),
 # hr
 I("hiro","employee","Hiro Yamada","active","","hr","helen","2016-09-05","2026-11-20",loc="Amsterdam"),
 I("julia","employee","Julia Schmidt","active","","hr","hiro","2020-11-02","2026-11-21",loc="Berlin"),
 I("ahmed","employee","Ahmed Hassan","active","","hr","hiro","2022-01-10","2026-11-19",loc="Amsterdam"),
 # it
 I("ken","employee","Ken Takahashi","active","","it","ben","2015-03-16","2026-11-22",loc="Amsterdam"),
 I("lara","employee","Lara Haddad","active","","it","ken","2023-05-08","2026-11-21",loc="Amsterdam"),
 I("max","employee","Max Müller","active","","it","ken","2019-06-24","2026-11-20",loc="Berlin"),
 I("uma","contractor","Uma Patel","active","","it","ken","2026-03-01","","","2027-03-01","Jira workflow rebuild",loc="Remote"),
 # security
 I("sara","employee","Sara Lindholm","active","","security","helen","2018-01-08","2026-11-22",loc="Stockholm"),
 I("ethan","employee","Ethan Brooks","active","","security","sara","2021-09-13","2026-11-21",loc="London"),
 I("iris","employee","Iris van Dijk","active","","security","sara","2024-04-15","2026-11-20",loc="Amsterdam"),
 # legal, external
 I("patricia","employee","Patricia Gómez","active","","legal","helen","2019-05-06","2026-11-12",loc="Madrid"),
 I("zed","contractor","Zed Auditor (Klein, Voss & Partner)","active","","","carla","2026-04-10","2026-11-17","","2027-01-31","FY2026 external financial audit",loc="Remote"),
 # non-human identities
 I("svc-sap-batch","service","SAP payment batch","active","dana","finance","","2021-01-18","2026-11-23","","","Schedules the nightly F110 payment run"),
 I("svc-ci","service","CI/CD deployer","active","priya","engineering","","2020-05-11","2026-11-23","","","Deploys main to production after merge"),
 I("svc-terraform","service","Terraform runner","active","tomas","engineering","","2022-02-14","2026-11-22","","","Applies infrastructure-as-code changes (AWS IAM, S3)"),
 I("svc-backup","service","Database backups","active","gregory","it","","2017-08-01","2026-11-23","","","Nightly database backups to S3"),
 I("svc-legacy-ftp","service","ftp-bridge-01","active","","","","2014-06-30","2025-12-01"),
 I("svc-reporting","service","BI reporting extract","active","bi-team","finance","","2021-11-01","2026-11-23","","","Exports CRM and AP data to the BI warehouse"),
 I("svc-okta-sync","service","AD to Okta sync (retired)","terminated","","it","","2019-03-04","2026-07-14","2026-07-15","2026-07-31"),
 I("key-stripe","api_key","Stripe restricted key","active","paul","finance","","2025-03-10","2026-11-23","","","Stripe payouts reconciliation"),
 I("key-sf-sync","api_key","Salesforce web-to-lead key","active","diego","sales","","2026-08-25","2026-11-23","","2027-02-21","Syncs leads from the web form to Salesforce"),
 I("key-datadog","api_key","Datadog AWS integration key","active","priya","engineering","","2026-08-24","2026-11-23","","2027-08-24","Datadog log collection"),
 I("tok-gh-actions","token","GitHub Actions docs token","active","priya","engineering","","2026-11-01","2026-11-23","","","Builds the public docs site"),
 I("tok-jenkins-old","token","Jenkins (decommissioned)","suspended","","engineering","","2024-01-15","2025-02-02"),
 I("tok-okta-scim","token","Okta SCIM token","active","tok-okta-scim","it","","2026-09-10","2026-11-23","","2027-03-10","SCIM provisioning from Workday to Okta"),
 I("wl-payments-api","workload","payments-api (k8s)","active","hanna","finance","","2023-03-20","2026-11-23","","","Payments API, reads vendor line items"),
 I("wl-k8s-ingest","workload","ingest-worker (k8s)","active","lin","engineering","","2024-06-03","2026-11-23"),
 I("wl-ml-train","workload","churn-model trainer","active","ben","engineering","","2026-10-01","","","","Trains the churn model on S3 data"),
]

ROLE_COLS = ["id","kind","name","owner","description","cost_center"]
def R(id, kind, name, owner, desc, cc):
    return dict(zip(ROLE_COLS, [id, kind, name, owner, desc, cc]))
roles = [
 R("grp-all-staff","group","All staff","ken","Every employee and contractor; SSO and self-service","CC-100"),
 R("grp-executive","group","Executive team","helen","","CC-100"),
 R("grp-finance","group","Finance department","carla","","CC-200"),
 R("grp-engineering","group","Engineering department","ben","Source code, tickets, read-only cloud","CC-300"),
 R("grp-sales","group","Sales department","rachel","","CC-400"),
 R("grp-hr","group","People & HR","hiro","","CC-500"),
 R("grp-it","group","IT department","ken","","CC-600"),
 R("grp-security","group","Security office","sara","","CC-700"),
 R("grp-ap-team","group","Accounts payable team","dana","AP clerks; nested into approvers and payment ops","CC-210"),
 R("grp-ap-approvers","group","AP invoice approvers","carla","","CC-210"),
 R("grp-payments-ops","group","Payment operations","carla","Merged into AP in 2021, kept for the SAP mapping","CC-210"),
 R("grp-audit-2026","group","FY2026 audit fieldwork","carla","External auditors, read-only","CC-200"),
 R("role-sap-display","role","SAP display (finance)","carla","Read-only vendor line items","CC-200"),
 R("role-sap-ap-clerk","role","SAP AP clerk","carla","Enter invoices, display vendor items","CC-210"),
 R("role-sap-ap-senior","role","SAP AP senior clerk","carla","Includes AP clerk; releases blocked invoices","CC-210"),
 R("role-sap-ap-lead","role","SAP AP lead","carla","Includes AP senior and the payment run","CC-210"),
 R("role-sap-payment-run","role","SAP payment run","carla","Automatic payment program F110","CC-220"),
 R("role-sap-vendor-create","role","SAP vendor master: create","carla","XK01, FK01","CC-230"),
 R("role-sap-vendor-change","role","SAP vendor master: change","carla","FK02","CC-230"),
 R("role-sap-treasury","role","SAP treasury payments","carla","Manual outgoing payments","CC-220"),
 R("role-sap-basis-admin","role","SAP basis administration","ken","User maintenance (SU01)","CC-600"),
 R("grp-eng-platform","group","Platform team","priya","","CC-310"),
 R("grp-eng-sre","group","SRE team","priya","","CC-310"),
 R("grp-eng-oncall","group","Platform on-call rota","priya","Nested back into grp-eng-platform in 2023 (directory cycle)","CC-310"),
 R("grp-eng-all-dl","group","eng-all mailing list","oscar","Distribution list only, grants nothing","CC-300"),
 R("role-deployer","role","Production deployer","ben","","CC-300"),
 R("role-release-manager","role","Release manager","ben","Includes production deployer; approves changes","CC-300"),
 R("grp-cab","group","Change advisory board","ben","","CC-100"),
 R("role-sf-rep","role","Salesforce sales rep","rachel","","CC-400"),
 R("role-sf-manager","role","Salesforce sales manager","rachel","Includes sales rep; approves discounts","CC-400"),
 R("role-sf-admin","role","Salesforce administrator","ken","","CC-600"),
 R("role-wd-hr-partner","role","Workday HR partner","hiro","","CC-500"),
 R("role-wd-comp-admin","role","Workday compensation admin","hiro","","CC-500"),
 R("role-wd-payroll","role","Workday payroll approver","hiro","","CC-500"),
 R("grp-it-admins","group","IT administrators","ben","Okta super admins and SAP basis","CC-600"),
 R("role-okta-helpdesk","role","Okta helpdesk","ken","Password and MFA resets","CC-600"),
 R("role-sec-auditor","role","Security auditor","sara","Read-only audit logs","CC-700"),
 R("role-cloud-admin","role","AWS cloud administrator","sara","","CC-700"),
 R("grp-incident-response","group","Incident response","sara","Created 2026-08 after the July incident","CC-700"),
]

ENT_COLS = ["id","system","name","privileged","owner"]
def E(id, name, priv, owner):
    return dict(zip(ENT_COLS, [id, id.split(":")[0], name, priv, owner]))
entitlements = [
 E("sap:XK01","Create vendor (centrally)","false","carla"),
 E("sap:FK01","Create vendor (accounting)","false","carla"),
 E("sap:FK02","Change vendor (accounting)","false","carla"),
 E("sap:F110","Automatic payment run","false","carla"),
 E("sap:F-53","Post outgoing payment","false","carla"),
 E("sap:FB60","Enter vendor invoice","false","carla"),
 E("sap:MRBR","Release blocked invoices","false","carla"),
 E("sap:FBL1N","Display vendor line items","","carla"),
 E("sap:FS10N","Display G/L account balances","","carla"),
 E("sap:SU01","User maintenance","true","ken"),
 E("github:repo.read","Read repositories","false","ben"),
 E("github:repo.write","Push to repositories","false","ben"),
 E("github:prod.deploy","Deploy to production","true","priya"),
 E("github:repo.admin","Administer repositories","true","ben"),
 E("jira:browse","Browse projects","false","ken"),
 E("jira:change.approve","Approve change requests","false","ben"),
 E("jira:admin","Jira administrator","true","ken"),
 E("aws:s3.read","S3 read (prod account)","false","priya"),
 E("aws:s3.write","S3 write (prod account)","false","priya"),
 E("aws:ec2.operate","Start, stop and reboot EC2 instances","false","priya"),
 E("aws:logs.read","CloudWatch logs read","false","priya"),
 E("aws:cloudtrail.read","CloudTrail read","false","sara"),
 E("aws:billing.view","Billing console (read)","false","carla"),
 E("aws:iam.admin","IAM administrator","true","sara"),
 E("okta:sso.user","SSO user","","ken"),
 E("okta:helpdesk.admin","Helpdesk admin (resets)","false","ken"),
 E("okta:syslog.read","System log read","false","sara"),
 E("okta:api.scim","SCIM provisioning API","false","ken"),
 E("okta:super.admin","Super administrator","true","ken"),
 E("salesforce:crm.user","CRM user","false","rachel"),
 E("salesforce:opportunity.edit","Edit opportunities and quotes","false","rachel"),
 E("salesforce:discount.approve","Approve quote discounts","false","rachel"),
 E("salesforce:crm.export","Export reports","false","rachel"),
 E("salesforce:admin","System administrator","true","ken"),
 E("workday:self.service","Employee self-service","false","hiro"),
 E("workday:worker.view","View worker records","false","hiro"),
 E("workday:compensation.edit","Edit compensation","false","hiro"),
 E("workday:payroll.approve","Approve payroll","false","hiro"),
 E("pagerduty:responder","Incident responder","false","priya"),
 E("stripe:payouts.read","Read payouts","false","paul"),
]

EDGE_COLS = ["from","to","relation","granted","expires","approved_by","reason"]
edges = []
def m(f, t, granted, approved="", expires="", reason=""):
    edges.append(dict(zip(EDGE_COLS, [f, t, "member_of", granted, expires, approved, reason])))
def g(f, t, granted, approved="", expires="", reason=""):
    edges.append(dict(zip(EDGE_COLS, [f, t, "grants", granted, expires, approved, reason])))

# --- structure: department groups, all-staff
for d in ["grp-executive","grp-finance","grp-engineering","grp-sales","grp-hr","grp-it","grp-security"]:
    m(d, "grp-all-staff", "2019-01-07", "ken")
g("grp-all-staff","okta:sso.user","2019-01-07","ken")
g("grp-all-staff","workday:self.service","2019-01-07","hiro")
# --- SAP finance roles; hierarchy lead -> senior -> clerk
m("grp-finance","role-sap-display","2019-03-01","carla")
g("role-sap-display","sap:FBL1N","2019-03-01","carla")
g("role-sap-ap-clerk","sap:FB60","2019-03-01","carla")
g("role-sap-ap-clerk","sap:FBL1N","2019-03-01","carla")
m("role-sap-ap-senior","role-sap-ap-clerk","2019-03-01","carla")
g("role-sap-ap-senior","sap:MRBR","2019-03-01","carla")
g("role-sap-ap-senior","sap:F-53","2026-09-10","carla","","Senior AP clerks post manual payments (CR-2291)")
m("role-sap-ap-lead","role-sap-ap-senior","2020-03-02","carla")
m("role-sap-ap-lead","role-sap-payment-run","2020-03-02","carla")
g("role-sap-payment-run","sap:F110","2019-03-01","carla")
g("role-sap-vendor-create","sap:XK01","2019-03-01","carla")
g("role-sap-vendor-create","sap:FK01","2019-03-01","carla")
g("role-sap-vendor-change","sap:FK02","2019-03-01","carla")
g("role-sap-treasury","sap:F-53","2019-03-01","carla")
g("role-sap-basis-admin","sap:SU01","2019-03-01","ken")
# --- the AP diamond: grp-ap-team -> {approvers, payments-ops} -> role-sap-payment-run
m("grp-ap-team","grp-ap-approvers","2020-06-15","carla")
m("grp-ap-team","grp-payments-ops","2021-02-01","","","Payment operations merged into AP")
m("grp-ap-approvers","role-sap-payment-run","2020-06-15","carla")
m("grp-payments-ops","role-sap-payment-run","2019-03-01","carla")
m("grp-ap-team","role-sap-ap-clerk","2020-06-15","carla")
m("grp-audit-2026","role-sap-display","2026-04-15","carla","2026-10-15","FY2026 audit fieldwork")
# --- engineering
for e in ["github:repo.read","github:repo.write","jira:browse","aws:s3.read"]:
    g("grp-engineering", e, "2019-01-07", "ben")
m("grp-eng-platform","grp-eng-sre","2021-03-01","priya")
m("grp-eng-sre","grp-eng-oncall","2021-03-01","priya")
m("grp-eng-oncall","grp-eng-platform","2023-11-20","","","Mirror the platform on-call rota")
g("grp-eng-platform","aws:ec2.operate","2021-03-01","priya")
g("grp-eng-sre","aws:s3.write","2021-03-01","priya")
g("grp-eng-oncall","pagerduty:responder","2021-03-01")
m("role-release-manager","role-deployer","2020-01-20","ben")
g("role-deployer","github:prod.deploy","2020-01-20","ben")
g("role-release-manager","jira:change.approve","2020-01-20","ben")
g("grp-cab","jira:change.approve","2020-01-20","ben")
# --- sales; hierarchy manager -> rep
m("role-sf-manager","role-sf-rep","2019-07-01","rachel")
g("role-sf-rep","salesforce:crm.user","2019-07-01","rachel")
g("role-sf-rep","salesforce:opportunity.edit","2019-07-01","rachel")
g("role-sf-manager","salesforce:discount.approve","2019-07-01","rachel")
g("role-sf-manager","salesforce:crm.export","2019-07-01","rachel")
g("role-sf-admin","salesforce:admin","2019-07-01","ken")
# --- hr
g("role-wd-hr-partner","workday:worker.view","2019-01-07","hiro")
g("role-wd-comp-admin","workday:compensation.edit","2019-01-07","hiro")
g("role-wd-payroll","workday:payroll.approve","2019-01-07","hiro")
# --- it, security
m("grp-it-admins","role-sap-basis-admin","2019-01-07","ben")
g("grp-it-admins","okta:super.admin","2019-01-07","ben")
g("role-okta-helpdesk","okta:helpdesk.admin","2019-01-07","ken")
for e in ["aws:cloudtrail.read","okta:syslog.read","aws:logs.read"]:
    g("role-sec-auditor", e, "2019-01-07", "sara")
g("role-cloud-admin","aws:iam.admin","2020-10-05","sara")
g("role-cloud-admin","aws:s3.write","2020-10-05","sara")
g("grp-incident-response","pagerduty:responder","2026-08-12","sara")

# --- people: executive
m("helen","grp-executive","2015-01-05")
m("carla","grp-executive","2019-02-04","helen")
m("carla","role-sap-display","2019-02-04","helen")
m("ben","grp-executive","2018-09-17","helen")
m("ben","grp-cab","2020-01-20","helen")
g("ben","github:repo.admin","2018-09-17","helen")
# finance
m("dana","grp-finance","2020-03-02","carla")
m("dana","grp-ap-team","2020-03-02","carla")
m("dana","role-sap-ap-lead","2023-04-03","carla","","Promoted to AP lead")
m("dana","role-sap-vendor-change","2023-04-03","carla","","Vendor master corrections, mitigated by the CFO's weekly review")
m("victor","grp-finance","2022-06-13","dana")
m("victor","grp-ap-team","2022-06-13","dana")
m("victor","role-sap-vendor-create","2024-01-15","dana","","Backfill for the vendor master team")
m("paul","grp-finance","2017-11-06","carla")
m("paul","role-sap-treasury","2017-11-06","carla")
m("paul","role-sap-vendor-create","2026-04-01","carla","2026-09-30","Vendor master migration project")
m("mei","grp-finance","2021-04-19","dana")
m("mei","role-sap-vendor-create","2021-04-19","dana")
m("mei","role-sap-ap-clerk","2021-04-19","dana")
m("ivan","grp-finance","2019-08-26","carla")
m("ivan","role-sap-ap-clerk","2019-08-26","carla")
m("sofia","grp-finance","2016-01-11","carla")
g("sofia","sap:FS10N","2016-01-11","carla","","Controller, G/L review")
m("lucas","grp-finance","2026-05-25","ivan","2026-11-23","Contract ends 2026-11-23")
m("amara","grp-finance","2023-01-09","dana")
m("amara","grp-ap-team","2023-01-09","dana")
m("felix","grp-finance","2024-02-01","ivan")
m("gregory","grp-finance","2015-05-04")
m("gregory","grp-ap-team","2020-06-15","dana")
m("gregory","role-sap-vendor-create","2019-03-01","carla")
m("hanna","grp-finance","2018-10-01","carla")
m("hanna","grp-payments-ops","2019-03-01","carla")
m("hanna","role-sap-vendor-change","2021-09-01","carla")
# engineering
m("oscar","grp-engineering","2019-03-11","ben")
m("oscar","role-release-manager","2020-01-20","ben")
m("oscar","grp-eng-all-dl","2019-03-11")
m("priya","grp-engineering","2018-06-04","ben")
m("priya","grp-eng-oncall","2021-03-01","ben")
m("priya","role-deployer","2026-03-01","ben","2027-02-28","Deploy rights are renewed yearly")
m("priya","grp-cab","2020-01-20","ben")
m("tomas","grp-engineering","2020-09-14","priya")
m("tomas","grp-eng-platform","2020-09-14","priya")
g("tomas","aws:iam.admin","2026-05-01","ben","2026-10-31","IAM role migration, until 2026-10-31")
m("nina","grp-engineering","2023-07-03","oscar")
g("nina","aws:s3.write","2026-10-05","nina","","Upload test fixtures")
m("raj","grp-engineering","2017-02-20","oscar")
g("raj","github:repo.read","2017-02-20","oscar")
g("raj","github:repo.write","2017-02-20","oscar")
g("raj","jira:browse","2017-02-20")
g("raj","aws:s3.read","2018-05-14","oscar")
g("raj","okta:sso.user","2017-02-20","ken")
g("raj","pagerduty:responder","2018-11-05","","","On-call rotation, 2018")
m("elena","grp-engineering","2026-05-04","oscar","2026-10-31","Contract ends 2026-10-31")
m("sam","grp-engineering","2021-10-11","oscar")
m("kofi","grp-engineering","2022-03-07","oscar")
g("kofi","github:repo.read","2022-03-07","oscar")
g("kofi","github:repo.write","2022-03-07","oscar")
g("kofi","jira:browse","2022-03-07","oscar")
g("kofi","aws:s3.read","2022-03-07","oscar")
g("kofi","okta:sso.user","2022-03-07","ken")
g("kofi","github:repo.write","2023-01-16","oscar","","Re-requested after the GitHub org move")
m("lin","grp-engineering","2020-01-13","priya")
m("lin","grp-eng-sre","2020-01-13","priya")
m("marco","grp-engineering","2026-08-03","oscar","","New hire")
m("quentin","grp-engineering","2026-09-01","oscar","","Contractor onboarding")
m("quentin","grp-eng-sre","2026-09-02","","","Added to on-call by a teammate")
m("walter","grp-eng-all-dl","2016-04-04")
m("yusuf","grp-engineering","2019-11-18","priya")
# sales
m("rachel","grp-sales","2017-07-10","helen")
m("rachel","role-sf-manager","2017-07-10","helen")
m("rachel","role-sf-admin","2022-05-02","helen","","CRM admin until the CRM migration goes live")
m("diego","grp-sales","2021-05-17","rachel")
m("diego","role-sf-rep","2021-05-17","rachel")
g("diego","salesforce:discount.approve","2026-09-20","","","Cover for Rachel during the Q3 close")
m("olga","grp-sales","2020-02-03","rachel")
m("olga","role-sf-rep","2020-02-03","rachel")
m("kevin","grp-sales","2022-08-22","rachel")
m("kevin","role-sf-rep","2022-08-22","rachel")
m("bea","grp-sales","2026-02-02","rachel")
m("bea","role-sf-rep","2026-02-02","rachel","2026-11-22","Contract ends 2026-11-22")
# hr
for p, appr, roles_ in [("hiro","helen",["role-wd-hr-partner","role-wd-comp-admin","role-wd-payroll"]),
                         ("julia","hiro",["role-wd-hr-partner","role-wd-comp-admin"]),
                         ("ahmed","hiro",["role-wd-hr-partner","role-wd-payroll"])]:
    created = next(i["created"] for i in identities if i["id"] == p)
    m(p, "grp-hr", created, appr)
    for r in roles_:
        m(p, r, created, appr)
# it
m("ken","grp-it","2015-03-16","ben")
m("ken","grp-it-admins","2015-03-16","ken","","Bootstrap administrator")
m("lara","grp-it","2023-05-08","ken")
m("lara","role-okta-helpdesk","2023-05-08","ken")
m("max","grp-it","2019-06-24","ken")
g("max","okta:super.admin","2025-02-10","ken","","Okta tenant migration")
m("uma","grp-it","2026-03-01","ken")
g("uma","jira:admin","2026-03-01","","","Jira workflow rebuild")
# security
m("sara","grp-security","2018-01-08","helen")
m("sara","role-sec-auditor","2018-01-08","helen")
m("sara","grp-cab","2020-01-20","ben")
m("ethan","grp-security","2021-09-13","sara")
m("ethan","role-sec-auditor","2021-09-13","sara")
m("ethan","role-cloud-admin","2022-01-10","sara","","Cloud security posture remediation")
m("ethan","grp-incident-response","2026-08-12","sara")
m("ethan","grp-eng-oncall","2026-08-12","","","Joins the platform on-call rota")
m("iris","grp-security","2024-04-15","sara")
m("iris","role-sec-auditor","2024-04-15","sara")
g("iris","aws:cloudtrail.read","2026-10-02","","","Temporary, while the role sync was broken")
# legal, external
m("patricia","grp-all-staff","2019-05-06","helen")
g("patricia","salesforce:crm.user","2021-03-15","rachel","","Contract review")
m("zed","grp-audit-2026","2026-04-10","carla","2027-01-31")
g("zed","aws:billing.view","2026-04-10","carla","2027-01-31","Audit of cloud spend")
# non-human identities
m("svc-sap-batch","role-sap-payment-run","2021-01-18","carla")
g("svc-ci","github:prod.deploy","2020-05-11","priya")
g("svc-ci","github:repo.read","2020-05-11","priya")
g("svc-terraform","aws:iam.admin","2022-02-14","tomas")
g("svc-terraform","aws:s3.write","2022-02-14","tomas")
g("svc-backup","aws:s3.write","2017-08-01","gregory")
g("svc-legacy-ftp","sap:FBL1N","2014-06-30")
g("svc-reporting","salesforce:crm.export","2021-11-01")
g("svc-reporting","sap:FBL1N","2021-11-01","ivan")
g("svc-okta-sync","okta:super.admin","2019-03-04","ken")
g("key-stripe","stripe:payouts.read","2025-03-10","paul")
g("key-sf-sync","salesforce:crm.user","2026-08-25","diego")
g("key-datadog","aws:logs.read","2026-08-24","priya")
g("tok-gh-actions","github:repo.read","2026-11-01","priya")
g("tok-jenkins-old","github:repo.write","2024-01-15","oscar")
g("tok-okta-scim","okta:api.scim","2026-09-10","ken")
g("wl-payments-api","sap:FBL1N","2023-03-20","hanna")
g("wl-k8s-ingest","aws:s3.write","2024-06-03","lin")
g("wl-ml-train","aws:s3.read","2026-10-01","ben")

SOD_COLS = ["id","left","right","severity","description"]
sod_rules = [dict(zip(SOD_COLS, r)) for r in [
 ("SOD-01","sap:FK01","sap:F110","critical","Create a vendor and pay it"),
 ("SOD-02","sap:XK01","sap:F-53","critical","Create a vendor and post a manual payment to it"),
 ("SOD-03","sap:FK02","sap:F110","high","Change vendor bank details and run payments"),
 ("SOD-04","github:prod.deploy","jira:change.approve","critical","Deploy to production and approve one's own change"),
 ("SOD-05","role-sec-auditor","aws:iam.admin","","Audit the cloud and administer its identities"),
 ("SOD-06","workday:compensation.edit","workday:payroll.approve","high","Change pay and approve payroll"),
 ("SOD-07","salesforce:opportunity.edit","salesforce:discount.approve","medium","Edit a quote and approve its discount"),
 ("SOD-08","sap:FB60","oracle:ap.pay","low","Enter an invoice and pay it (Oracle AP, decommissioned 2024)"),
]]

EXC_COLS = ["rule","identity","approved_by","expires","reason"]
exceptions = [dict(zip(EXC_COLS, r)) for r in [
 ("SOD-03","dana","carla","2027-03-31","Compensating control: the CFO reviews every payment run, weekly"),
 ("SOD-02","paul","carla","2026-11-22","Vendor master migration project"),
 ("sod_matrix","priya","ben","2027-01-31","SRE lead on call for emergency changes; all deploys logged and reviewed"),
 ("sod-04","oscar","ben","2027-01-31","Release manager covers for the CAB (row id typed in lower case)"),
 ("SOD-06","hiro","helen","2027-03-31","Payroll is also approved by the CFO"),
 ("iso27001.standing_privileged_access","ken","sara","2027-01-31","Break-glass administrator, credentials in the vault"),
 ("standing_privileged_access","rachel","helen","2026-11-23","Until the CRM migration goes live"),
 ("nonhuman_privileged","svc-ci","sara","2027-05-31","Deploy pipeline; protected branches and required reviews"),
 ("iso27001.nonhuman_privileged","svc-terraform","sara","2026-10-31","IAM migration"),
 ("dormant_account","sam","ben","2027-01-31","On sabbatical until January"),
]]

REV_COLS = ["identity","target","reviewer","date","decision"]
reviews = [dict(zip(REV_COLS, r)) for r in [
 ("dana","role-sap-ap-lead","carla","2026-04-15","keep"),
 ("nadia","role-sf-rep","rachel","2026-06-15","revoke"),
 ("oscar","github:prod.deploy","ben","2026-05-10","keep"),
 ("ethan","role-cloud-admin","sara","2026-08-24","keep"),
 ("ken","grp-it-admins","sara","2026-08-25","keep"),
 ("tomas","aws:iam.admin","ben","2026-09-01","revoke"),
 ("priya","role-deployer","ben","2026-09-15","keep"),
 ("walter","grp-engineering","oscar","2026-09-20","revoke"),
 ("hiro","role-wd-payroll","helen","2026-09-30","keep"),
 ("ben","grp-cab","helen","2026-10-01","keep"),
 ("max","okta:super.admin","ken","2026-10-01","revoke"),
 ("rachel","role-sf-admin","helen","2026-10-10","keep"),
 ("dana","grp-ap-team","carla","2026-10-20","keep"),
 ("mei","role-sap-vendor-create","carla","2026-10-20","keep"),
 ("victor","role-sap-payment-run","carla","2026-10-20","revoke"),
 ("olga","role-sf-rep","rachel","2026-11-05","revoke"),
 ("tomas","aws:iam.admin","ben","2026-11-23","keep"),
 ("amara","sap:F110","carla","2026-12-01","revoke"),
 ("svc-ci","github:prod.deploy","priya","2026-12-01","keep"),
]]

SYS_COLS = ["id","name","owner","criticality"]
systems = [dict(zip(SYS_COLS, r)) for r in [
 ("sap","SAP S/4HANA Finance","carla","critical"),
 ("github","GitHub Enterprise Cloud","ben","high"),
 ("jira","Jira Software","ken","medium"),
 ("aws","AWS (production account 4471)","priya","critical"),
 ("okta","Okta Workforce Identity","ken","critical"),
 ("salesforce","Salesforce Sales Cloud","rachel","high"),
 ("workday","Workday HCM","hiro","high"),
 ("pagerduty","PagerDuty","priya","medium"),
 ("stripe","Stripe","paul","high"),
]]

# ----------------------------------------------------------------- baseline
def baseline():
    b_ids = []
    new_ids = set()
    for i in identities:
        if i["created"] and i["created"] > BASE_DATE:
            new_ids.add(i["id"]); continue
        j = dict(i)
        if j["last_active"] and j["last_active"][:10] > BASE_DATE:
            j["last_active"] = "2026-06-%02d" % (22 + (sum(map(ord, j["id"])) % 9))
        if j["terminated"] and j["terminated"] > BASE_DATE:
            j["terminated"] = ""
            if j["status"] in ("terminated", "suspended") and j["id"] != "hanna":
                j["status"] = "active"
        if j["id"] == "svc-okta-sync":
            j.update(owner="ken", purpose="Legacy AD to Okta sync, to be retired in July")
        b_ids.append(j)
    # nadia left in July 2026 and was deleted
    b_ids.append(I("nadia","employee","Nadia Karim","active","","sales","rachel","2020-06-01","2026-06-10",loc="London"))
    b_roles = [r for r in roles if r["id"] != "grp-incident-response"]
    b_edges = [e for e in edges if not (e["granted"] and e["granted"] > BASE_DATE)]
    b_edges.append(dict(zip(EDGE_COLS, ["role-sf-rep","salesforce:crm.export","grants","2019-07-01","","rachel",""])))
    b_edges.append(dict(zip(EDGE_COLS, ["walter","grp-engineering","member_of","2016-04-04","","oscar",""])))
    b_edges.append(dict(zip(EDGE_COLS, ["walter","grp-eng-platform","member_of","2019-05-13","","priya",""])))
    b_edges.append(dict(zip(EDGE_COLS, ["nadia","grp-sales","member_of","2020-06-01","","rachel",""])))
    b_edges.append(dict(zip(EDGE_COLS, ["nadia","role-sf-rep","member_of","2020-06-01","","rachel",""])))
    keep_exc = {("SOD-03","dana"),("SOD-02","paul"),("sod_matrix","priya"),("SOD-06","hiro"),
                ("iso27001.standing_privileged_access","ken"),("nonhuman_privileged","svc-ci"),
                ("iso27001.nonhuman_privileged","svc-terraform")}
    b_exc = [x for x in exceptions if (x["rule"], x["identity"]) in keep_exc]
    b_rev = [r for r in reviews if r["date"] <= BASE_DATE]
    return b_ids, b_roles, b_edges, b_exc, b_rev

def write(path, cols, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writeheader()
        for r in rows: w.writerow(r)

def write_inv(d, ids, rls, eds, exc, rev):
    os.makedirs(d, exist_ok=True)
    write(f"{d}/identities.csv", ID_COLS, ids)
    write(f"{d}/roles.csv", ROLE_COLS, rls)
    write(f"{d}/entitlements.csv", ENT_COLS, entitlements)
    write(f"{d}/edges.csv", EDGE_COLS, eds)
    write(f"{d}/sod_rules.csv", SOD_COLS, sod_rules)
    write(f"{d}/exceptions.csv", EXC_COLS, exc)
    write(f"{d}/reviews.csv", REV_COLS, rev)
    write(f"{d}/systems.csv", SYS_COLS, systems)

if __name__ == "__main__":
    write_inv(f"{OUT}/acme", identities, roles, edges, exceptions, reviews)
    write_inv(f"{OUT}/acme-baseline", *baseline())
    print(len(identities), "identities,", len(edges), "edges")
