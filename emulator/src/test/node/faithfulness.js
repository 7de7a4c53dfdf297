'use strict';
// Drives the real Kii Cloud JS SDK 2.4.19 and Thing-IF JS SDK 1.0.3, unmodified, against the emulator, with the
// pushes checked on plain MQTT.js clients that connect with the endpoints the SDKs obtained.
// Run by KiiJsSdkFaithfulnessTest; exits 0 on success, 1 with a message on the first failure.
// Environment: KII_BASE_URL (http://host:port), KII_APP_ID, KII_APP_KEY.

const kii = require('kii-cloud-sdk').create();
const ThingIF = require('thing-if');
const mqtt = require('mqtt');

const base = process.env.KII_BASE_URL;
const appId = process.env.KII_APP_ID;
const appKey = process.env.KII_APP_KEY;
const { Kii, KiiUser, KiiThing, KiiPushMessageBuilder, KiiQuery, KiiClause } = kii;

const deadline = setTimeout(() => fail(new Error('faithfulness run timed out')), 60000);

function log(msg) {
  console.log('[kii-js-sdk] ' + msg);
}

function fail(err) {
  console.error('[kii-js-sdk] FAILED: ' + (err && err.stack ? err.stack : JSON.stringify(err)));
  process.exit(1);
}

function check(cond, what) {
  if (!cond) {
    throw new Error('check failed: ' + what);
  }
}

/** Connects a plain MQTT.js client with an endpoint (client id = mqttTopic) and collects its pushes. */
function subscriber(ep, name) {
  return new Promise((resolve, reject) => {
    const username = ep.username !== undefined ? ep.username : ep.userName;
    const client = mqtt.connect(`mqtt://${ep.host}:${ep.portTCP}`, {
      clientId: ep.mqttTopic, username: username, password: ep.password, clean: true,
      protocolVersion: 4, keepalive: 30, reconnectPeriod: 0, connectTimeout: 10000
    });
    const messages = [];
    client.on('message', (topic, payload, packet) => {
      check(topic === ep.mqttTopic, name + ' message on its own topic');
      check(packet.qos === 0 && !packet.retain, name + ' QoS 0, retain 0');
      messages.push(JSON.parse(payload.toString()));
    });
    client.once('error', reject);
    client.once('connect', () => {
      client.subscribe(ep.mqttTopic, { qos: 0 }, (err, granted) => {
        if (err || granted[0].qos === 128) {
          reject(err || new Error('SUBACK refused'));
        } else {
          log(name + ' subscribed to its MQTT topic');
          resolve({ client, messages });
        }
      });
    });
  });
}

function waitFor(what, predicate) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > 10000) {
        clearInterval(timer);
        reject(new Error('timed out waiting for ' + what));
      }
    }, 50);
  });
}

async function main() {
  Kii.initializeWithSite(appId, appKey, base + '/api');

  // users: register (RegistrationRequest + token), login on /api/oauth2/token
  await KiiUser.userWithUsername('sdkuser', 'sdk-pass-1').register();
  const user = await KiiUser.authenticate('sdkuser', 'sdk-pass-1');
  check(user.getID() && user.getAccessToken(), 'login gives an ID and a token');
  log('user registered and logged in: ' + user.getID());

  // MQTT installation + endpoint (the emulator answers 503 twice first: the SDK must retry)
  const installed = await user.pushInstallation().installMqtt(false);
  check(/^[a-z0-9]{25}$/.test(installed.installationID), 'installation ID shape');
  const again = await user.pushInstallation().installMqtt(false);
  check(again.installationID === installed.installationID, 'second installMqtt returns the same installation');
  const endpoint = await user.pushInstallation().getMqttEndpoint(installed.installationID);
  check(endpoint.mqttTopic && endpoint.password && endpoint.portTCP, 'endpoint fields');
  check(endpoint['X-MQTT-TTL'] === 2147483647, 'X-MQTT-TTL in the body');
  log('mqtt-endpoint obtained after the SDK retried the 503s');
  const userSub = await subscriber(endpoint, 'user');

  // bucket subscription + object create / update (PATCH override) / replace (PUT) / delete
  const bucket = user.bucketWithName('sdk-notes');
  await user.pushSubscription().subscribe(bucket);
  const subscribed = await user.pushSubscription().isSubscribed(bucket);
  check(subscribed[2] === true, 'isSubscribed(bucket) is true');
  const obj = bucket.createObject();
  obj.set('n', 1);
  await obj.save();
  obj.set('n', 2);
  await obj.save();
  obj.set('n', 3);
  await obj.saveAllFields();
  await obj.delete();
  log('object created, updated, replaced and deleted: ' + obj.getID());

  // topic (user scope) + subscription + message built by the SDK's builder
  const topic = user.topicWithName('sdk-inbox');
  await topic.save();
  await user.pushSubscription().subscribe(topic);
  const topicSubscribed = await user.pushSubscription().isSubscribed(topic);
  check(topicSubscribed[2] === true, 'isSubscribed(topic) is true');
  const message = new KiiPushMessageBuilder({ greeting: 'hello', count: 1 }).setSendToProduction(true).build();
  await topic.sendMessage(message);
  log('topic created, subscribed and message sent');

  await waitFor('the user pushes', () => userSub.messages.length >= 5);
  const types = userSub.messages.slice(0, 4).map((m) => m.type);
  check(JSON.stringify(types) === JSON.stringify(['DATA_OBJECT_CREATED', 'DATA_OBJECT_UPDATED',
    'DATA_OBJECT_UPDATED', 'DATA_OBJECT_DELETED']), 'bucket event types ' + JSON.stringify(types));
  check(userSub.messages[0].objectID === obj.getID(), 'event names the object');
  check(userSub.messages[0].bucketID === 'sdk-notes', 'event names the bucket');
  check(userSub.messages[0].objectScopeUserID === user.getID(), 'user-scope event');
  const pushed = userSub.messages[4];
  check(pushed.greeting === 'hello' && pushed.count === 1 && pushed.topic === 'sdk-inbox', 'topic message payload');
  log('pushes arrived on the plain MQTT client: ' + types.join(', ') + ', topic message');

  // bucket query: range clause, sort, and best-effort pages chained by the SDK until no nextPaginationKey
  for (let i = 0; i < 5; i++) {
    const o = bucket.createObject();
    o.set('seq', i);
    o.set('label', i % 2 === 0 ? 'even-' + i : 'odd-' + i);
    await o.save();
  }
  let query = KiiQuery.queryWithClause(KiiClause.and(KiiClause.greaterThanOrEqual('seq', 1),
    KiiClause.startsWith('label', 'e')));
  query.sortByDesc('seq');
  query.setLimit(1);
  const pages = [];
  while (query) {
    const [, results, next] = await bucket.executeQuery(query);
    pages.push(results.map((o) => o.get('seq')));
    query = next;
  }
  check(JSON.stringify(pages) === '[[4],[2]]', 'query pages ' + JSON.stringify(pages));
  log('bucket query paged by the SDK: ' + JSON.stringify(pages));

  // Kii Cloud things: register + authenticate as thing (VENDOR_THING_ID:)
  await KiiThing.register({ _vendorThingID: 'sdk-thing-1', _password: 'thing-pass', _thingType: 'sensor' });
  const thingContext = await Kii.authenticateAsThing('sdk-thing-1', 'thing-pass');
  check(thingContext._getToken(), 'thing token');
  const thingInstalled = await thingContext.pushInstallation().installMqtt(false);
  const thingEndpoint = await thingContext.pushInstallation().getMqttEndpoint(thingInstalled.installationID);
  const sensorSub = await subscriber(thingEndpoint, 'thing');
  const shared = thingContext.bucketWithName('sdk-shared');
  await thingContext.getAuthenticatedThing().pushSubscription().subscribe(shared);
  const sharedObj = shared.createObject();
  sharedObj.set('reading', 21.5);
  await sharedObj.save();
  await waitFor('the thing push', () => sensorSub.messages.length >= 1);
  check(sensorSub.messages[0].type === 'DATA_OBJECT_CREATED' && sensorSub.messages[0].objectScopeType === 'APP',
    'app-scope bucket event to the thing');
  sensorSub.client.end(true);
  log('thing registered, authenticated, installed, subscribed and got its push');

  // Thing-IF: onboard by owner, post a command, receive it on the thing's MQTT topic
  const thingIfApp = new ThingIF.App(appId, appKey, base);
  const owner = new ThingIF.TypedID(ThingIF.Types.User, user.getID());
  const api = new ThingIF.ThingIFAPI(owner, user.getAccessToken(), thingIfApp);
  const onboarded = await api.onboardWithVendorThingID(
    new ThingIF.OnboardWithVendorThingIDRequest('sdk-aircon-1', 'aircon-pass', owner, 'aircon'));
  check(onboarded.thingID && onboarded.accessToken && onboarded.mqttEndPoint, 'onboarding result (OnboardingResult.mqttEndPoint)');
  const thingSub = await subscriber(onboarded.mqttEndPoint, 'aircon');
  const command = await api.postNewCommand(new ThingIF.PostCommandRequest(
    [new ThingIF.AliasAction('AirConditionerAlias', [new ThingIF.Action('turnPower', true)])], owner));
  check(command.commandID, 'command ID');
  await waitFor('the command', () => thingSub.messages.length >= 1);
  check(thingSub.messages[0].commandID === command.commandID, 'command payload carries the command ID');
  check(thingSub.messages[0].issuer === 'user:' + user.getID(), 'command issuer');
  log('Thing-IF onboarding and command delivered: ' + command.commandID);

  // the command list in pages of one, and one command, as the Thing-IF SDK reads them
  const second = await api.postNewCommand(new ThingIF.PostCommandRequest(
    [new ThingIF.AliasAction('AirConditionerAlias', [new ThingIF.Action('turnPower', false)])], owner));
  const firstPage = await api.listCommands(new ThingIF.ListQueryOptions(1));
  check(firstPage.results.length === 1 && firstPage.hasNext, 'first page of commands');
  const secondPage = await api.listCommands(new ThingIF.ListQueryOptions(1, firstPage.paginationKey));
  check(secondPage.results.length === 1 && !secondPage.hasNext, 'last page of commands');
  check(firstPage.results[0].commandID === command.commandID && secondPage.results[0].commandID === second.commandID,
    'commands listed oldest first');
  const read = await api.getCommand(second.commandID);
  check(read.commandState === 'SENDING' && read.aliasActions.length === 1, 'getCommand: state and actions');
  log('Thing-IF commands listed in pages and read: ' + read.commandState);

  // unsubscribe and uninstall through the SDK
  await user.pushSubscription().unsubscribe(bucket);
  await user.pushInstallation().uninstallByInstallationID(installed.installationID);
  log('unsubscribed and uninstalled');

  userSub.client.end(true);
  thingSub.client.end(true);
  clearTimeout(deadline);
  log('OK');
}

main().then(() => process.exit(0), fail);
