import { IDS } from '@healing-library/discord-emulator';
import { announcement, clickAnnouncement as click, fireside, lastDm, shared, TITLE } from './discussion.js';
import { button, type Story, show } from './stories.js';
import { fromPageToDiscussion, wantedTopics } from './topic-stories.js';

const HOUR = 3_600_000;
const CHANNEL = 7;
const USER = 6;

export const firesideStories: Story[] = [
  {
    title: 'An admin sets the server up',
    async play(context) {
      const result = await context.emulator.command({
        name: 'setup',
        userId: IDS.admin,
        options: [
          { name: 'announcements', value: IDS.announcements, type: CHANNEL },
          { name: 'reminders', value: '1h,10m' },
          { name: 'reminder-delivery', value: 'dm' },
        ],
      });
      await show(
        context,
        'Admin',
        '/setup announcements: #announcements reminders: 1h,10m reminder-delivery: dm',
        result,
      );
    },
  },
  wantedTopics,
  {
    title: 'A moderator announces a Fireside Discussion on a library page',
    async play(context) {
      const refused = await fireside(context, IDS.member, 'schedule', [
        { name: 'title', value: 'My own fireside' },
        { name: 'start', value: 'tomorrow 7pm' },
      ]);
      await show(
        context,
        'Member (not a moderator)',
        '/fireside schedule title: My own fireside start: tomorrow 7pm',
        refused,
      );
      const past = await fireside(context, IDS.moderator, 'schedule', [
        { name: 'title', value: TITLE },
        { name: 'start', value: 'yesterday 7pm' },
      ]);
      await show(context, 'Moderator', `/fireside schedule title: ${TITLE} start: yesterday 7pm`, past);
      const before = context.emulator.channelMessages(IDS.announcements).length;
      const result = await fireside(context, IDS.moderator, 'schedule', [
        { name: 'title', value: TITLE },
        { name: 'start', value: 'in 2 hours' },
        { name: 'description', value: 'An open conversation with our Elders. Bring your questions.' },
        { name: 'facilitator', value: IDS.moderator, type: USER },
        { name: 'location', value: IDS.voice, type: CHANNEL },
        { name: 'capacity', value: 2 },
        { name: 'topic', value: 'ketamine' },
      ]);
      await show(
        context,
        'Moderator',
        `/fireside schedule title: ${TITLE} start: in 2 hours description: An open conversation… facilitator: @sage location: #Fireside Voice capacity: 2 topic: ketamine`,
        result,
      );
      shared.announcement = await context.emulator.waitFor(
        () =>
          context.emulator.channelMessages(IDS.announcements).length > before &&
          context.emulator.channelMessages(IDS.announcements).at(-1),
        { what: 'the announcement' },
      );
      shared.id = Number(/#(\d+)/.exec(result.edits.at(-1)?.content ?? result.callback?.data?.content ?? '')?.[1]);
      context.print('  In #announcements:');
      context.printMessage(shared.announcement);
    },
  },
  fromPageToDiscussion,
  {
    title: 'Members answer with the buttons; the waitlist moves on its own',
    async play(context) {
      await click(context, 'Admin', IDS.admin, 'Going');
      await click(context, 'Moderator', IDS.moderator, 'Going');
      await click(context, 'Admin', IDS.admin, "Can't go");
      const dm = await lastDm(context, IDS.moderator, 'the promotion DM');
      context.print('  The moderator, first on the waitlist, gets a DM:');
      context.printMessage(dm);
    },
  },
  {
    title: 'A member asks a question ahead and adds it to their calendar',
    async play(context) {
      const message = announcement(context);
      const ask = await context.emulator.click({
        message,
        customId: button(message, 'Ask a question'),
        userId: IDS.member,
      });
      await show(context, 'Member clicks', '[Ask a question]', ask);
      // "Show my name" is left unticked, so the question is anonymous.
      const sent = await context.emulator.submitModal({
        customId: ask.callback?.data.custom_id,
        userId: IDS.member,
        fields: { question: 'How can I prepare if this is my first circle?' },
      });
      await show(context, 'Member sends', '"How can I prepare if this is my first circle?" (name not shown)', sent);
      const questions = await fireside(context, IDS.moderator, 'questions', [
        { name: 'event', value: String(shared.id) },
      ]);
      await show(context, 'Moderator', `/fireside questions event: ${TITLE}`, questions);
      const calendar = await context.emulator.click({
        message,
        customId: button(message, 'Add to calendar'),
        userId: IDS.member,
      });
      await show(context, 'Member clicks', '[Add to calendar]', calendar);
      const ics = calendar.files[0]?.data.toString('utf8') ?? '';
      context.print(
        ics
          .split('\r\n')
          .filter((line) => /^(UID|DTSTART|DTEND|SUMMARY)/.test(line))
          .map((l) => `      ${l}`)
          .join('\n'),
      );
    },
  },
  {
    title: 'Reminders come on time, once, and the start is announced',
    async play(context) {
      const remind = await context.emulator.command({
        name: 'remind',
        userId: IDS.moderator,
        options: [
          { name: 'event', value: String(shared.id) },
          { name: 'audience', value: 'going' },
          { name: 'message', value: 'We will open the circle with a short breathing practice.' },
        ],
      });
      await show(
        context,
        'Moderator',
        `/remind event: ${TITLE} audience: going message: We will open the circle with a short breathing practice.`,
        remind,
      );
      const dmsBefore = context.emulator.dmMessages(IDS.member).length;
      context.print('  ⏩ the demo moves the bot’s clock forward an hour: the 1h reminder falls due');
      context.fastForward(HOUR);
      const reminder = await context.emulator.waitFor(
        () =>
          context.emulator.dmMessages(IDS.member).length > dmsBefore && context.emulator.dmMessages(IDS.member).at(-1),
        { what: 'the 1h reminder', timeoutMs: 10_000 },
      );
      context.print('  The member gets a DM:');
      context.printMessage(reminder);
      context.print('  … the bot restarts; nothing is sent twice …');
      await context.app.stop();
      context.app = await context.startBot();
      context.print('  ⏩ and another hour: the discussion starts');
      context.fastForward(HOUR);
      const start = await context.emulator.waitFor(
        () => context.emulator.channelMessages(IDS.announcements).find((m) => m.content.includes('starting now')),
        { what: 'the start post', timeoutMs: 10_000 },
      );
      context.print('  In #announcements:');
      context.printMessage(start);
      context.print('  What the scheduler recorded (each item is claimed once in SQLite):');
      // The post reaches Discord a moment before the bot marks it sent: read the record once it is settled.
      const work = await context.emulator.waitFor(
        () => {
          const items = context.app.deps.scheduling.work.forDiscussion(shared.id as number);
          return items.every((item) => item.state !== 'claimed') && items;
        },
        { what: 'the start post marked sent' },
      );
      for (const item of work) {
        context.print(`    ${item.kind}, ${item.offsetMinutes} min before the start: ${item.state}`);
      }
      context.print(
        '  (the 10 min reminder fell due when the clock jumped past the start: stale, so skipped, not sent late)',
      );
    },
  },
  {
    title: 'A recurring series announces itself',
    // The occurrence is announced three days ahead: the demo moves the clock to that moment.
    async play(context) {
      const result = await fireside(
        context,
        IDS.moderator,
        'create',
        [
          { name: 'title', value: 'Thursday fireside' },
          { name: 'schedule', value: '0 19 * * 4' },
          { name: 'timezone', value: 'America/New_York' },
          { name: 'announce-before', value: '3d' },
          { name: 'location', value: IDS.stage, type: CHANNEL },
        ],
        'series',
      );
      await show(
        context,
        'Moderator',
        '/fireside series create title: Thursday fireside schedule: 0 19 * * 4 timezone: America/New_York announce-before: 3d location: #Fireside Stage',
        result,
      );
      const bad = await fireside(
        context,
        IDS.moderator,
        'create',
        [
          { name: 'title', value: 'Broken' },
          { name: 'schedule', value: '0 25 * * 4' },
        ],
        'series',
      );
      await show(context, 'Moderator', '/fireside series create title: Broken schedule: 0 25 * * 4', bad);

      const { deps } = context.app;
      const [series] = deps.scheduling.series.listByGuild(IDS.guild);
      const occurrence = series && deps.scheduling.occurrences.next(series.id, context.now());
      const announce =
        occurrence && deps.scheduling.work.forDiscussion(occurrence.id).find((item) => item.kind === 'announce');
      if (!announce) throw new Error('the series made no occurrence to announce');
      context.print('  ⏩ the demo moves the bot’s clock to three days before the first Thursday');
      context.fastForward(Math.max(0, announce.dueAt - context.now()) + 1_000);
      const announced = await context.emulator.waitFor(
        () =>
          context.emulator.channelMessages(IDS.announcements).find((m) => m.embeds[0]?.title === 'Thursday fireside'),
        { what: 'the series announcement', timeoutMs: 10_000 },
      );
      context.print('  In #announcements, by itself:');
      context.printMessage(announced);
      const list = await fireside(context, IDS.member, 'list');
      await show(context, 'Member', '/fireside list', list);
    },
  },
];
