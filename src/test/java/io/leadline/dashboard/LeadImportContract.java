package io.leadline.dashboard;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Leads → Import CSV over real HTTP: signed in through the sign-in form, the file sent as the
 * browser sends it (multipart with the form's CSRF token), the outcome read from the result page
 * and the leads read back through the private API.
 */
abstract class LeadImportContract {

    private static final String PASSWORD = "correct horse battery";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;

    TestApi api;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
    }

    /** A workspace with an owner (signed in on the dashboard) and the owner's secret key. */
    record Workspace(String id, String ownerId, String ownerEmail, String key, Session owner) {}

    private Workspace workspace(Integer monthlyLeadLimit) throws Exception {
        Map<String, Object> ws = new HashMap<>();
        ws.put("name", "Import " + System.nanoTime());
        ws.put("monthlyLeadLimit", monthlyLeadLimit);
        String id = expect(201, api.admin("POST", "/api/admin/workspaces", ws)).text("id");
        String email = "owner-" + System.nanoTime() + "@example.com";
        String ownerId = user(id, email, "owner");
        String key = expect(201, api.admin("POST", "/api/admin/users/" + ownerId + "/api-keys", Map.of("name", "t")))
                .text("key");
        return new Workspace(id, ownerId, email, key, signIn(email));
    }

    private String user(String workspaceId, String email, String role) {
        return expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + workspaceId + "/users",
                                Map.of("email", email, "name", "Ivy Importer", "password", PASSWORD, "role", role)))
                .text("id");
    }

    /** A signed-in dashboard session (its cookie) on this application. */
    final class Session {
        String cookie;

        Session(String cookie) {
            this.cookie = cookie;
        }

        HttpResponse<String> get(String path) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(api.base() + path))
                            .header("Cookie", cookie)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Opens the import page (for its CSRF token) and sends {@code file} as the form does. */
        HttpResponse<String> upload(String fileName, byte[] file) throws Exception {
            HttpResponse<String> form = get(LeadImportController.PATH);
            assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
            return post(csrf(form.body()), fileName, file);
        }

        HttpResponse<String> post(String csrf, String fileName, byte[] file) throws Exception {
            return post(csrf, Map.of(fileName, file));
        }

        /** The form with one file part named {@code file} for each entry of {@code files}. */
        HttpResponse<String> post(String csrf, Map<String, byte[]> files) throws Exception {
            String boundary = "----leadline" + System.nanoTime();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf)
                    .getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                                + file.getKey() + "\"\r\nContent-Type: text/csv\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.writeBytes(file.getValue());
            }
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(api.base() + LeadImportController.PATH))
                            .header("Cookie", cookie)
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private Session signIn(String email) throws Exception {
        HttpResponse<String> login = HTTP.send(
                HttpRequest.newBuilder(URI.create(api.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf(login.body()), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = HTTP.send(
                HttpRequest.newBuilder(URI.create(api.base() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie(login))
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return new Session(cookie(signedIn));
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF token in " + html).isTrue();
        return m.group(1);
    }

    private static String cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .filter(c -> c.startsWith("LEADLINE_SESSION="))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The number shown for a total on the result page ({@code created}, {@code duplicates}…). */
    private static int total(String html, String name) {
        Matcher m = Pattern.compile("id=\"total-" + name + "\">(\\d+)<").matcher(html);
        assertThat(m.find()).as(name + " in " + html).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The result row of row {@code number} on the page, as HTML. */
    private static String row(String html, int number) {
        Matcher m = Pattern.compile("(?s)<tr data-row=\"" + number + "\" data-outcome=\"([a-z-]+)\">(.*?)</tr>")
                .matcher(html);
        assertThat(m.find()).as("row " + number + " in " + html).isTrue();
        return m.group(1) + " " + m.group(2);
    }

    private JsonNode leads(Workspace w) {
        return expect(200, api.get("/api/v1/leads?limit=200", "X-API-Key", w.key()))
                .json()
                .get("data");
    }

    private JsonNode lead(Workspace w, String email) {
        for (JsonNode lead : leads(w)) {
            if (email.equalsIgnoreCase(lead.path("email").asString(""))) {
                return expect(200, api.get("/api/v1/leads/" + lead.get("id").asString(), "X-API-Key", w.key()))
                        .json();
            }
        }
        throw new AssertionError("no lead " + email + " in " + leads(w));
    }

    private String apiLead(Workspace w, String first, String last, String email) {
        return expect(
                        201,
                        api.post(
                                "/api/v1/leads",
                                Map.of("firstName", first, "lastName", last, "email", email),
                                "X-API-Key",
                                w.key()))
                .text("id");
    }

    @Test
    void aFileWithABomAndAliasedColumnsCreatesEveryRowWithTheImporterAsCreator() throws Exception {
        Workspace w = workspace(null);
        String hot = expect(201, api.post("/api/v1/tags", Map.of("name", "Hot"), "X-API-Key", w.key()))
                .text("id");
        String file = "\uFEFFFirst Name,Surname,E-Mail,Phone Number,Organisation,Status,Tags,Favourite colour\r\n"
                + "Zoë,Müller,zoe@import.test,'+49 30 1234,Acme GmbH,qualified,hot; Unknown tag,blue\r\n"
                + "Bo,Kim,bo@import.test,,,,,\r\n";

        HttpResponse<String> page = w.owner().upload("leads.csv", utf8(file));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(total(page.body(), "rows")).isEqualTo(2);
        assertThat(total(page.body(), "created")).isEqualTo(2);
        assertThat(page.body()).contains("id=\"ignored-columns\">Favourite colour<");
        assertThat(row(page.body(), 2))
                .startsWith("created")
                .contains("Unknown tag")
                .contains("Zoë Müller");
        JsonNode zoe = lead(w, "zoe@import.test");
        assertThat(zoe.get("firstName").asString()).isEqualTo("Zoë");
        assertThat(zoe.get("lastName").asString()).isEqualTo("Müller");
        assertThat(zoe.get("phone").asString()).isEqualTo("+49 30 1234");
        assertThat(zoe.get("company").asString()).isEqualTo("Acme GmbH");
        assertThat(zoe.get("status").asString()).isEqualTo("qualified");
        assertThat(zoe.get("channel").asString()).isEqualTo("api");
        assertThat(zoe.get("tags")).hasSize(1);
        assertThat(zoe.get("tags").get(0).get("id").asString()).isEqualTo(hot);
        assertThat(zoe.get("createdBy").get("email").asString()).isEqualTo(w.ownerEmail());
        JsonNode created = zoe.get("timeline").get(0);
        assertThat(created.get("type").asString()).isEqualTo("created");
        assertThat(created.get("detail").get("channel").asString()).isEqualTo("import");
        assertThat(created.get("actor").get("id").asString()).isEqualTo(w.ownerId());
        assertThat(lead(w, "bo@import.test").get("status").asString()).isEqualTo("new");
        // The lead's page names the import on its timeline.
        assertThat(w.owner().get("/app/leads/" + zoe.get("id").asString()).body())
                .contains("Created via a CSV import");
    }

    @Test
    void quotedFieldsAndSemicolonSeparatedFilesAreReadAsSpreadsheetsWriteThem() throws Exception {
        Workspace w = workspace(null);
        // Headers the import does not know are no names: the file is refused before any row is read.
        String german = "Vorname;Nachname;email\nJürgen;Groß;j@import.test\n";
        HttpResponse<String> page = w.owner().upload("leute.csv", utf8(german));
        assertThat(page.body()).contains("id=\"import-error\"").contains("Vorname, Nachname, email");

        String english = "first_name;last_name;email;company;address\n"
                + "Jürgen;Groß;j@import.test;\"Müller, Söhne; \"\"Die Besten\"\"\";\"Hauptstr. 1\nHinterhaus\"\n"
                + "Anna;Schmidt;a@import.test;;\n";
        page = w.owner().upload("leads.csv", utf8(english));
        assertThat(total(page.body(), "created")).as(page.body()).isEqualTo(2);
        assertThat(page.body()).contains("Separated by <span>semicolon</span>");
        JsonNode j = lead(w, "j@import.test");
        assertThat(j.get("company").asString()).isEqualTo("Müller, Söhne; \"Die Besten\"");
        assertThat(j.get("address").asString()).isEqualTo("Hauptstr. 1\nHinterhaus");
        assertThat(j.get("lastName").asString()).isEqualTo("Groß");
    }

    @Test
    void duplicatesOfExistingLeadsAndOfEarlierRowsAreNamedAndNotImported() throws Exception {
        Workspace w = workspace(null);
        String jane = apiLead(w, "Jane", "Smith", "jane@acme.test");
        String file = "first_name,last_name,email\n"
                + "Ann,Lee,ann@import.test\n"
                + "Janet,Other,JANE@ACME.TEST\n"
                + "  ann ,  LEE ,someone-else@import.test\n"
                + "Carl,Diaz,ann@import.test\n"
                + "Jane,Smith,\n";

        String html = w.owner().upload("leads.csv", utf8(file)).body();

        assertThat(total(html, "rows")).isEqualTo(5);
        assertThat(total(html, "created")).isEqualTo(1);
        assertThat(total(html, "duplicates")).isEqualTo(4);
        String ann = lead(w, "ann@import.test").get("id").asString();
        assertThat(row(html, 2)).startsWith("created").contains("/app/leads/" + ann);
        assertThat(row(html, 3))
                .startsWith("duplicate")
                .contains("/app/leads/" + jane)
                .contains("Jane Smith");
        assertThat(row(html, 4))
                .startsWith("duplicate")
                .contains("/app/leads/" + ann)
                .contains("(row 2 of this file)");
        assertThat(row(html, 5)).startsWith("duplicate").contains("/app/leads/" + ann);
        assertThat(row(html, 6)).startsWith("duplicate").contains("/app/leads/" + jane);
        assertThat(leads(w)).hasSize(2);
    }

    @Test
    void invalidRowsNameTheFieldAndWhyAndTheValidRowsAroundThemAreCreated() throws Exception {
        Workspace w = workspace(null);
        String file = "first_name,last_name,email,phone,status,website\n"
                + "Ann,,ann@import.test,,,\n"
                + "Bo,Kim,not-an-email,,,\n"
                + "Cy,Ng,cy@import.test,call me,,\n"
                + "Di,Ro,di@import.test,,maybe,\n"
                + "Ed,Yu,ed@import.test,,,https://" + "a".repeat(2050) + "\n"
                + "Fay,Wu,fay@import.test,,,,extra cell\n"
                + "Gil,Ma,gil@import.test,+1 555 0100,won,\n"
                // A NUL (which PostgreSQL cannot store) is this row's problem, not its batch's.
                + "Hal\u0000,Oz,hal@import.test,,,\n";

        String html = w.owner().upload("leads.csv", utf8(file)).body();

        assertThat(total(html, "invalid")).isEqualTo(7);
        assertThat(total(html, "created")).isEqualTo(1);
        assertThat(row(html, 2)).startsWith("invalid").contains("Last name: must not be blank.");
        assertThat(row(html, 3)).startsWith("invalid").contains("Email: must be a valid email address.");
        assertThat(row(html, 4)).startsWith("invalid").contains("Phone: must contain digits.");
        assertThat(row(html, 5)).startsWith("invalid").contains("Status: must be one of new, contacted");
        assertThat(row(html, 6)).startsWith("invalid").contains("Website: must be at most 2048 characters.");
        assertThat(row(html, 7)).startsWith("invalid").contains("The row has 7 cells but the header names 6");
        assertThat(row(html, 8)).startsWith("created");
        assertThat(row(html, 9)).startsWith("invalid").contains("First name: ");
        assertThat(leads(w)).hasSize(1);
        assertThat(lead(w, "gil@import.test").get("status").asString()).isEqualTo("won");
    }

    @Test
    void thePlanLimitReachedMidFileCreatesExactlyTheRowsItAllows() throws Exception {
        Workspace w = workspace(4);
        apiLead(w, "Pre", "Existing", "pre@import.test");
        StringBuilder file = new StringBuilder("first_name,last_name,email\n");
        for (int i = 1; i <= 6; i++) {
            file.append("Row").append(i).append(",Person,row").append(i).append("@import.test\n");
        }
        file.insert(file.indexOf("Row3"), "Bad,,bad@import.test\n");

        String html = w.owner().upload("leads.csv", utf8(file.toString())).body();

        // 4 allowed, 1 used: rows 2, 3 and 5 (the first three valid ones) are created, the rest over the plan.
        assertThat(total(html, "created")).isEqualTo(3);
        assertThat(total(html, "invalid")).isEqualTo(1);
        assertThat(total(html, "over-plan")).isEqualTo(3);
        assertThat(row(html, 4)).startsWith("invalid");
        assertThat(row(html, 5)).startsWith("created");
        assertThat(row(html, 6)).startsWith("over-plan").contains("plan limit");
        assertThat(html).contains("id=\"over-plan-note\"");
        assertThat(leads(w)).hasSize(4);
        expect(429, api.post("/api/v1/leads", Map.of("firstName", "One", "lastName", "More"), "X-API-Key", w.key()));
    }

    @Test
    void aFileOverTheRowOrSizeLimitIsRefusedOnTheFormAndNothingIsCreated() throws Exception {
        Workspace w = workspace(null);
        StringBuilder many = new StringBuilder("first_name,last_name\n");
        for (int i = 0; i <= CsvImport.MAX_ROWS; i++) {
            many.append("A").append(i).append(",B\n");
        }
        HttpResponse<String> page = w.owner().upload("many.csv", utf8(many.toString()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"import-error\"").contains("more than 20,000 rows");

        byte[] large = new byte[CsvImport.MAX_BYTES + 1_000];
        java.util.Arrays.fill(large, (byte) 'a');
        System.arraycopy(utf8("first_name,last_name\n"), 0, large, 0, 21);
        page = w.owner().upload("large.csv", large);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"import-error\"").contains("at most 5 MB");
        // One byte over is not "5.0 MB; at most 5 MB".
        page = w.owner().upload("just-over.csv", java.util.Arrays.copyOf(large, CsvImport.MAX_BYTES + 1));
        assertThat(page.body()).contains("The file is 5.01 MB (5,242,881 bytes); at most 5 MB");

        byte[] huge = new byte[6 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        String csrf = csrf(w.owner().get(LeadImportController.PATH).body());
        try {
            page = w.owner().post(csrf, "huge.csv", huge);
            assertThat(page.statusCode()).isEqualTo(413);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).contains("at most 5 MB");
        } catch (java.io.IOException closedWhileSending) {
            // The server answers at once and closes the connection; a client still sending may see that
            // as a reset instead of the answer. Either way nothing was stored.
        }

        page = w.owner().upload("empty.csv", new byte[0]);
        assertThat(page.body()).contains("id=\"import-error\"").contains("Choose a CSV file");
        page = w.owner().upload("no-names.csv", utf8("email,phone\na@b.test,1\n"));
        assertThat(page.body()).contains("id=\"import-error\"").contains("first_name and last_name");
        page = w.owner()
                .upload("latin1.csv", "first_name,last_name\nZo\u00eb,Lee\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(page.body()).contains("id=\"import-error\"").contains("not UTF-8");
        assertThat(leads(w)).isEmpty();
    }

    @Test
    void twoFilePartsAreRefusedRatherThanTheSecondDroppedUnsaid() throws Exception {
        Workspace w = workspace(null);
        String csrf = csrf(w.owner().get(LeadImportController.PATH).body());
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("a.csv", utf8("first_name,last_name\nAnn,Lee\n"));
        files.put("b.csv", utf8("first_name,last_name\nBo,Kim\n"));
        HttpResponse<String> page = w.owner().post(csrf, files);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"import-error\"").contains("one CSV file at a time");
        assertThat(leads(w)).isEmpty();
    }

    @Test
    void aFileOfThousandsOfColumnsAndTagsKeepsTheResultPageShort() throws Exception {
        Workspace w = workspace(null);
        StringBuilder file = new StringBuilder("first_name,last_name,tags");
        for (int i = 0; i < 100_000; i++) {
            file.append(",column ").append(i);
        }
        file.append("\nAnn,Lee,\"");
        for (int i = 0; i < 100_000; i++) {
            file.append("tag ").append(i).append(';');
        }
        file.append("\"\n");
        long started = System.nanoTime();
        HttpResponse<String> page = w.owner().upload("wide.csv", utf8(file.toString()));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(java.time.Duration.ofSeconds(20));
        assertThat(total(page.body(), "created")).isEqualTo(1);
        // Each listed whole, the page was megabytes: every ignored column and a note per unknown tag.
        assertThat(page.body()).hasSizeLessThan(20_000);
        assertThat(page.body()).contains("column 19, and 99,980 more").contains("“tag 19” and 99,980 more");
    }

    /** A multipart body of {@code parts} (name, file name or null, bytes) sent chunked, without a Content-Length. */
    private HttpResponse<String> chunked(String path, String cookie, List<Object[]> parts) throws Exception {
        String boundary = "----leadline" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object[] part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part[0] + "\""
                            + (part[1] == null ? "" : "; filename=\"" + part[1] + "\"\r\nContent-Type: text/csv")
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes((byte[]) part[2]);
            body.writeBytes(utf8("\r\n"));
        }
        body.writeBytes(utf8("--" + boundary + "--\r\n"));
        byte[] bytes = body.toByteArray();
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(api.base() + path))
                        .header("Cookie", cookie)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChunkedUploadPastTheBodyLimitIsThe413PageNotReadToTheEnd() throws Exception {
        Workspace w = workspace(null);
        String csrf = csrf(w.owner().get(LeadImportController.PATH).body());
        byte[] file = new byte[5_400_000];
        java.util.Arrays.fill(file, (byte) 'a');
        try {
            HttpResponse<String> page = chunked(
                    LeadImportController.PATH,
                    w.owner().cookie,
                    List.of(new Object[] {"_csrf", null, utf8(csrf)}, new Object[] {"file", "big.csv", file}));
            // Was read whole (Tomcat's 8 MB part limit, past BodyLimit's wrapper) and answered on the form.
            assertThat(page.statusCode()).isEqualTo(413);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).contains("at most 5 MB");
        } catch (java.io.IOException closedWhileSending) {
            // Answered before the client finished sending: a reset instead of the page.
        }

        List<Object[]> fields = new java.util.ArrayList<>();
        fields.add(new Object[] {"_csrf", null, utf8(csrf)});
        for (int i = 0; i < 300; i++) {
            fields.add(new Object[] {"field" + i, null, utf8("x")});
        }
        HttpResponse<String> page = chunked(LeadImportController.PATH, w.owner().cookie, fields);
        assertThat(page.statusCode()).isEqualTo(413);
        assertThat(page.body()).contains("too many fields");
        assertThat(leads(w)).isEmpty();
    }

    @Test
    void aMultipartBodyAnywhereButTheImportIsNeverParsed() throws Exception {
        Workspace w = workspace(null);
        HttpResponse<String> login = HTTP.send(
                HttpRequest.newBuilder(URI.create(api.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        // Tomcat parsed it for the sign-in form's fields, however large (chunked, past the 64 KiB body
        // limit, before any sign-in): the form's fields in a multipart body are none.
        HttpResponse<String> answer = chunked(
                "/login",
                cookie(login),
                List.of(
                        new Object[] {"email", null, utf8(w.ownerEmail())},
                        new Object[] {"password", null, utf8(PASSWORD)},
                        new Object[] {"_csrf", null, utf8(csrf(login.body()))}));
        assertThat(answer.statusCode()).isEqualTo(403);
    }

    @Test
    void aMemberGetsTheForbiddenPageAndCannotImport() throws Exception {
        Workspace w = workspace(null);
        String email = "member-" + System.nanoTime() + "@example.com";
        user(w.id(), email, "member");
        Session member = signIn(email);

        assertThat(member.get(LeadImportController.PATH).statusCode()).isEqualTo(403);
        assertThat(member.get("/app/leads").body()).doesNotContain("id=\"import\"");
        assertThat(w.owner().get("/app/leads").body()).contains("href=\"/app/leads/import\"");
        // The member's own CSRF token (from a page they may open) does not open the door.
        String csrf = csrf(member.get("/app/leads/new").body());
        HttpResponse<String> refused = member.post(csrf, "leads.csv", utf8("first_name,last_name\nMia,Member\n"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Only owners and admins");
        assertThat(leads(w)).isEmpty();
    }

    @Test
    void anImportNeitherSeesNorTouchesAnotherWorkspacesLeads() throws Exception {
        Workspace a = workspace(null);
        Workspace b = workspace(null);
        String bobInB = apiLead(b, "Bob", "Brown", "bob@import.test");

        String html = a.owner()
                .upload("leads.csv", utf8("first_name,last_name,email\nBob,Brown,bob@import.test\n"))
                .body();

        // Workspace B's Bob is no duplicate in A, and A's page never names him.
        assertThat(total(html, "created")).isEqualTo(1);
        assertThat(html).doesNotContain(bobInB);
        assertThat(lead(a, "bob@import.test").get("id").asString()).isNotEqualTo(bobInB);
        assertThat(leads(b)).hasSize(1);
        assertThat(lead(b, "bob@import.test").get("timeline")).hasSize(1);

        // An import duplicate in A names A's lead only.
        html = a.owner()
                .upload("again.csv", utf8("first_name,last_name,email\nBob,Brown,bob@import.test\n"))
                .body();
        assertThat(row(html, 2))
                .startsWith("duplicate")
                .contains(lead(a, "bob@import.test").get("id").asString());
        assertThat(html).doesNotContain(bobInB);
    }

    @Test
    void anImportWithoutASignedInSessionIsSentToSignIn() throws Exception {
        Workspace w = workspace(null);
        HttpResponse<String> login = HTTP.send(
                HttpRequest.newBuilder(URI.create(api.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Session anonymous = new Session(cookie(login));
        HttpResponse<String> answer =
                anonymous.post("not-a-token", "leads.csv", utf8("first_name,last_name\nNo,Body\n"));
        // Sent to sign in before the upload is read (DashboardSecurity.SignedInUploads): not the CSRF
        // refusal (403) that reading the form for its token would end in.
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(leads(w)).isEmpty();
    }
}
