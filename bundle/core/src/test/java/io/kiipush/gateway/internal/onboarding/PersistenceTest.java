package io.kiipush.gateway.internal.onboarding;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/** The state file: private, atomically replaced, tolerant of corruption, and reused after a restart. */
public class PersistenceTest extends AgainstKiiStub {

    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final Tuning tuning = new Tuning(20, 100, clock::get, 5000);

    @Before
    public void elsewhere() {
        // Not created yet: the component creates it (mode 0700).
        dir = rig.root().resolve("kura-data").resolve("kii-push");
    }

    private OnboardingComponent start(Map<String, Object> config) {
        return rig.start(config, tuning);
    }

    private Path stateFile(Map<String, Object> config) {
        return dir.resolve(Fixtures.settings(config).stateFileName());
    }

    @Test
    public void aFreshInstanceOnTheSameDataDirMakesNoHttpCallAndReturnsTheSameEndpoint() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        OnboardingComponent first = start(c);
        ConnectTarget before = Fixtures.get(first.acquire());
        rig.stop(first);
        int calls = stub.requests.size();
        assertTrue(calls > 0);

        OnboardingComponent second = start(c);
        ConnectTarget after = Fixtures.get(second.acquire());

        assertEquals("no HTTP call after a restart", calls, stub.requests.size());
        assertTrue(before.sameConnection(after));
        assertEquals(before.getEndpoint().getPassword(), after.getEndpoint().getPassword());
        assertEquals(before.getIdentity(), after.getIdentity());
    }

    @Test
    public void stateFileIsPrivateInAPrivateDirectory() throws Exception {
        Map<String, Object> c = Fixtures.user(stub, dir);
        OnboardingComponent first = start(c);
        ConnectTarget t = Fixtures.get(first.acquire());
        Path file = stateFile(c);
        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        String json = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"installationId\": \"" + t.getEndpoint().getInstallationId() + "\""));
        assertTrue(json.contains("\"ownerId\": \"user-1\""));
        assertTrue(json.contains("\"mqttTopic\": \"" + t.getEndpoint().getMqttTopic() + "\""));
        assertFalse("the salted credential check is not the password", json.contains(KiiStub.USER_PASSWORD));
        assertFalse(json.contains(KiiStub.APP_KEY));
    }

    @Test
    public void writesReplaceTheFileAtomicallyAndLeaveNoTemporaryFiles() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        OnboardingComponent first = start(c);
        Fixtures.get(first.acquire());
        Path file = stateFile(c);
        // A hard link pins the old file: an in-place write would change what it shows.
        Path oldVersion = Files.createLink(rig.root().resolve("old-state"), file);
        String oldContent = new String(Files.readAllBytes(oldVersion), StandardCharsets.UTF_8);

        first.subscribe(Subscription.parse("bucket:extra"));

        String json = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertTrue(json, json.contains("bucket:app/extra"));
        assertEquals("the old file was never written in place", oldContent,
                new String(Files.readAllBytes(oldVersion), StandardCharsets.UTF_8));
        assertNotEquals(Files.readAttributes(oldVersion, BasicFileAttributes.class).fileKey(),
                Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        // The onboarding thread may be writing the state again (subscription reconciliation): its temporary file
        // exists only while it writes.
        await().atMost(10, TimeUnit.SECONDS).until(() -> names(dir).size() == 1);
        assertEquals(file.getFileName().toString(), names(dir).get(0));
    }

    private static List<String> names(Path directory) throws java.io.IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }

    @Test
    public void corruptStateFileIsMovedAsideAndOnboardingStartsAfresh() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        Files.createDirectories(dir);
        Path file = stateFile(c);
        Files.write(file, "{\"version\":1,\"token\":\"tok-S3CRET-old\",".getBytes(StandardCharsets.UTF_8));

        OnboardingComponent first = start(c);
        ConnectTarget t = Fixtures.get(first.acquire());

        assertEquals(1, stub.count("POST", ".*/onboardings"));
        assertTrue(t.getEndpoint().getMqttTopic().startsWith("topic-"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().contains(".corrupt-"))
                    .collect(Collectors.toList());
            assertEquals(1, aside.size());
            assertTrue(new String(Files.readAllBytes(aside.get(0)), StandardCharsets.UTF_8).contains("tok-S3CRET-old"));
        }
        assertTrue("a good state replaced it", Files.exists(file));
    }

    @Test
    public void stateOfAnotherVersionIsMovedAsideToo() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        Files.createDirectories(dir);
        Files.write(stateFile(c), "{\"version\":99,\"identity\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        OnboardingComponent first = start(c);
        Fixtures.get(first.acquire());
        assertEquals(1, stub.count("POST", ".*/onboardings"));
    }

    @Test
    public void expiredEndpointAfterARestartReusesTheInstallationAndToken() throws Exception {
        stub.ttlSeconds = 3600;
        Map<String, Object> c = Fixtures.user(stub, dir);
        OnboardingComponent first = start(c);
        ConnectTarget before = Fixtures.get(first.acquire());
        rig.stop(first);

        clock.addAndGet(2 * 3600 * 1000L);
        OnboardingComponent second = start(c);
        ConnectTarget after = Fixtures.get(second.acquire());

        assertEquals("no second login", 1, stub.count("POST", ".*/oauth2/token"));
        assertEquals("no second installation", 1, stub.count("POST", ".*/installations"));
        assertEquals(2, stub.count("GET", ".*/mqtt-endpoint"));
        assertEquals(before.getEndpoint().getInstallationId(), after.getEndpoint().getInstallationId());
        assertFalse(before.sameConnection(after));
    }

    @Test
    public void changedCredentialsAreNotAnsweredWithTheOldEndpoint() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        OnboardingComponent first = start(c);
        Fixtures.get(first.acquire());
        rig.stop(first);

        c.put("thing.password", "changed-S3CRET");
        OnboardingComponent second = start(c);
        OnboardingException e = Fixtures.failure(second.acquire());

        assertEquals("the new password was tried, not the old endpoint returned", ErrorKind.AUTHENTICATION, e.getKind());
        assertEquals(2, stub.count("POST", ".*/onboardings"));
    }

    @Test
    public void otherIdentitiesGetTheirOwnStateFiles() throws Exception {
        Map<String, Object> c1 = Fixtures.thing(stub, dir);
        OnboardingComponent first = start(c1);
        Fixtures.get(first.acquire());
        Map<String, Object> c2 = Fixtures.user(stub, dir);
        OnboardingComponent second = start(c2);
        Fixtures.get(second.acquire());
        assertNotEquals(stateFile(c1), stateFile(c2));
        assertTrue(Files.exists(stateFile(c1)));
        assertTrue(Files.exists(stateFile(c2)));
        assertTrue(stateFile(c1).getFileName().toString().matches("state-[0-9a-f]{32}\\.json"));
    }
}
