import type { CatalogEntry } from './catalog';

/**
 * Coping suggestions drawn from DESIGN §5. Ids are stable: feedback and "recently shown" state are
 * keyed by them, so reword a suggestion freely but give a materially different one a new id.
 * `evidence` is deliberately modest (DESIGN §4): most of these help some people in the short term;
 * few are proven to prevent long-term strain.
 */
export const CATALOG_DATA: readonly CatalogEntry[] = [
  // micro-recovery
  {
    id: 'reset-90s',
    title: '90-second reset',
    text: 'Pause where you stand. Breathe out slowly, longer than you breathe in, six times. Then name three things you can see and the one thing you will do next.',
    minutes: 2,
    category: 'micro-recovery',
    evidence:
      'Slow exhale-focused breathing lowers arousal in lab and small field studies; effects are short-term.',
    suits: { signals: ['hrv', 'rhr'], levels: ['watch', 'warning'] },
  },
  {
    id: 'paced-breathing-5',
    title: 'Five minutes of paced breathing',
    text: 'Set a timer for five minutes and breathe at about six breaths a minute: in for four, out for six. When your mind wanders, come back to the count.',
    minutes: 5,
    category: 'micro-recovery',
    evidence: 'RCTs of slow breathing show short-term HRV and anxiety effects; effect on burnout unproven.',
    suits: { signals: ['hrv', 'rhr'], levels: ['watch', 'warning'] },
  },
  {
    id: 'box-breathing',
    title: 'Box breathing between tasks',
    text: 'Between two tasks, breathe in for four, hold for four, out for four, hold for four. Three minutes is plenty.',
    minutes: 3,
    category: 'micro-recovery',
    evidence:
      'Widely taught in emergency and military settings; controlled evidence is limited and short-term.',
    suits: { signals: ['hrv', 'rhr'], levels: ['watch', 'warning'] },
  },
  {
    id: 'body-scan-3',
    title: 'Three-minute body scan',
    text: 'Sit or stand, and move your attention slowly from your feet to your head, noticing tension without trying to fix it. Let your shoulders drop on the way.',
    minutes: 3,
    category: 'micro-recovery',
    evidence:
      'Part of mindfulness programmes whose RCTs in clinicians show small reductions in reported stress; the scan alone is less studied.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'pre-shift-centering',
    title: 'Centering before your shift',
    text: 'Before you walk onto the unit, take one minute: three slow breaths, feet on the floor, and one small intention for the shift.',
    minutes: 1,
    category: 'micro-recovery',
    evidence: 'Practice-based, from clinician wellbeing programmes; little controlled evidence on its own.',
    suits: { signals: ['hrv', 'rhr'], levels: ['watch', 'warning'] },
  },
  {
    id: 'post-shift-decompression',
    title: 'Decompress after your shift',
    text: 'Before you leave, sit for five minutes. Notice one thing that was hard and one that went well, breathe out slowly a few times, and let the shift stay at work.',
    minutes: 5,
    category: 'micro-recovery',
    evidence:
      'Reflection and decompression practices show modest benefits in small studies; evidence quality is low.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'daylight-walk',
    title: 'A short walk in daylight',
    text: 'On your next break, step outside for ten minutes and walk at an easy pace. Leave your phone in your pocket and look at things far away.',
    minutes: 10,
    category: 'micro-recovery',
    evidence:
      'Short walks and time outdoors lift mood in small trials; effects on longer-term strain are unclear.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  // transition
  {
    id: 'shift-end-ritual',
    title: 'A shift-end ritual',
    text: 'Pick one small act that marks the end of work: washing your hands slowly, changing clothes, a song on the way home. Do it every time, so your body learns work is over.',
    minutes: 3,
    category: 'transition',
    evidence: 'Based on research on work-home boundaries; direct trial evidence in clinicians is limited.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'going-home-checklist',
    title: 'Going-home checklist',
    text: 'Before you leave, ask yourself: what went well today? Is anything left to hand over? Then let the rest go for tonight.',
    minutes: 2,
    category: 'transition',
    evidence:
      "A widely used NHS practice (the 'Going Home' checklist); evaluated through staff feedback, not trials.",
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'commute-switch-off',
    title: 'Switch off on the way home',
    text: 'On your way home, mute work notifications and choose something just for you: music, a podcast, or quiet. If a work thought comes, jot it down for tomorrow.',
    minutes: 1,
    category: 'transition',
    evidence:
      'Mental detachment from work after hours goes with better recovery in cohort studies; cause and effect not shown.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'three-good-things',
    title: 'Three good things',
    text: 'Tonight, write down three things that went well today and what part you played in each. A few words each is enough.',
    minutes: 5,
    category: 'transition',
    evidence:
      'A pilot study in healthcare workers found less emotional exhaustion; not yet confirmed in controlled trials.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  // sleep
  {
    id: 'no-late-charting',
    title: 'Leave late charting for tomorrow',
    text: 'If you can, stop charting an hour before bed. Write one line about what is left and when you will do it, then close the laptop.',
    minutes: 2,
    category: 'sleep',
    evidence:
      'After-hours record keeping goes with lower wellbeing in observational studies; no trial yet shows stopping it helps.',
    suits: { signals: ['sleep'], levels: ['watch', 'warning'] },
  },
  {
    id: 'wind-down-30',
    title: 'A 30-minute wind-down',
    text: 'Half an hour before bed, dim the lights, put your phone away from the bed, and do something calm: a shower, a book, gentle stretching.',
    minutes: 30,
    category: 'sleep',
    evidence: 'Standard sleep-hygiene advice; modest evidence alone, stronger as part of CBT for insomnia.',
    suits: { signals: ['sleep'], levels: ['watch', 'warning'] },
  },
  {
    id: 'protect-sleep-window',
    title: 'Protect a sleep window',
    text: 'Choose a sleep window of at least seven hours for the next few nights and guard it like an appointment you cannot move.',
    minutes: 1,
    category: 'sleep',
    evidence:
      'Adults need 7 h or more (AASM/SRS 2015); chronic short sleep impairs performance unnoticed (Van Dongen 2003).',
    suits: { signals: ['sleep'], levels: ['watch', 'warning'] },
  },
  {
    id: 'after-night-shifts',
    title: 'Sleeping after night shifts',
    text: 'After a night shift, wear sunglasses on the way home, keep the bedroom dark and cool, and let people around you know it is your sleep time.',
    minutes: 5,
    category: 'sleep',
    evidence: 'Recommended in shift-work sleep guidance; supported by small light-exposure studies.',
    suits: { signals: ['sleep'], levels: ['watch', 'warning'] },
  },
  {
    id: 'caffeine-cutoff',
    title: 'An earlier caffeine cut-off',
    text: 'For the next few days, have your last coffee or tea about six hours before you plan to sleep.',
    minutes: 1,
    category: 'sleep',
    evidence:
      'Lab studies show caffeine six hours before bed shortens sleep (Drake 2013); sensitivity varies a lot.',
    suits: { signals: ['sleep', 'rhr'], levels: ['watch', 'warning'] },
  },
  {
    id: 'bedtime-worry-list',
    title: 'Park your worries before bed',
    text: 'If your mind races at night, spend five minutes earlier in the evening writing down what is on it and one next step for each. The list will be there tomorrow.',
    minutes: 5,
    category: 'sleep',
    evidence:
      'Small RCTs of bedtime to-do lists and scheduled worry time show faster sleep onset; effects are modest.',
    suits: { signals: ['sleep'], levels: ['watch', 'warning'] },
  },
  // self-compassion
  {
    id: 'after-a-mistake',
    title: 'After a mistake',
    text: 'Ask what you would say to a colleague who made the same mistake, and say that to yourself. Good clinicians make mistakes; learning from one does not need harshness.',
    minutes: 3,
    category: 'self-compassion',
    evidence:
      'Self-compassion training reduces self-criticism in RCTs, mostly outside healthcare; clinician trials are small.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'self-compassion-break',
    title: 'A self-compassion break',
    text: 'Put a hand on your chest and say three things: this is hard; others in my work feel this too; may I be kind to myself right now.',
    minutes: 2,
    category: 'self-compassion',
    evidence:
      'From Mindful Self-Compassion (Neff and Germer), which helped in an RCT; the short break alone is less studied.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'name-the-feeling',
    title: 'Name what you feel',
    text: "Putting a word to a feeling, like 'frustrated' or 'sad about today', often takes some heat out of it. Try naming it, silently or on paper.",
    minutes: 1,
    category: 'self-compassion',
    evidence:
      'Affect labelling lowers emotional reactivity in lab studies; real-world effects are less clear.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  // peer support
  {
    id: 'call-a-colleague',
    title: 'Call a colleague',
    text: "Think of one colleague you trust and message or call them for ten minutes. You need no reason: 'rough week, got a minute?' is enough.",
    minutes: 10,
    category: 'peer-support',
    evidence:
      'Peer connection goes with lower distress among clinicians in observational studies; trials are few.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'peer-responder',
    title: 'Talk to a peer responder',
    text: 'If a case or an error stays with you, ask whether your hospital has trained peer responders for second-victim support. The talk is confidential and between peers.',
    minutes: 20,
    category: 'peer-support',
    evidence:
      'Second-victim peer programmes (e.g. RISE, Scott three-tier model) are well received; controlled outcome data are limited.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'balint-group',
    title: 'Join a Balint group',
    text: 'Balint groups meet regularly to talk through the human side of clinical work in a small, confidential circle. Ask your wellbeing team or professional body for one.',
    minutes: 60,
    category: 'peer-support',
    evidence:
      'Mostly uncontrolled studies report benefits for participants; people who join may differ from those who do not.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'schwartz-rounds',
    title: 'Come to a Schwartz Round',
    text: 'Schwartz Rounds are open sessions where staff share the emotional side of care. You can simply listen. Check whether your hospital runs them.',
    minutes: 60,
    category: 'peer-support',
    evidence:
      'A UK evaluation (Maben et al. 2018) found lower psychological distress among regular attenders; not randomised.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'team-debrief',
    title: 'Ask for a team debrief',
    text: 'After a difficult event, ask your lead for a short team debrief. Ten minutes together means no one carries it alone.',
    minutes: 10,
    category: 'peer-support',
    evidence:
      'Debriefing after critical events is widely recommended; evidence for wellbeing effects is mixed and observational.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  // confidential professional support
  {
    id: 'eap-counselling',
    title: 'Confidential counselling (EAP)',
    text: 'Your employee assistance programme offers free, confidential sessions with a counsellor. Employers usually see only anonymous usage numbers, not names.',
    minutes: 50,
    category: 'professional-support',
    evidence:
      'EAP counselling shows improvements in before-and-after studies; randomised evidence is scarce.',
    suits: { signals: ['any'], levels: ['warning'] },
  },
  {
    id: 'clinician-health-programme',
    title: 'A health programme for clinicians',
    text: 'Many regions have confidential services run by and for clinicians, such as physician health programmes or NHS Practitioner Health. They are separate from your employer.',
    minutes: 30,
    category: 'professional-support',
    evidence: 'Cohort studies of physician health programmes report good outcomes; none are randomised.',
    suits: { signals: ['any'], levels: ['warning'] },
  },
  {
    id: 'teletherapy',
    title: 'Talk to a therapist online',
    text: 'If appointments are hard to fit around your rota, online talking therapy can work around shifts. A few sessions can help sort out what weighs on you.',
    minutes: 50,
    category: 'professional-support',
    evidence: 'Video and internet-delivered CBT perform comparably to face-to-face therapy in meta-analyses.',
    suits: { signals: ['any'], levels: ['warning'] },
  },
  {
    id: 'own-doctor',
    title: 'See your own doctor',
    text: 'If things have felt heavy or tiring for a while, book an ordinary appointment with your own family doctor. You deserve the care you give others.',
    minutes: 20,
    category: 'professional-support',
    evidence:
      'Primary care is the usual route to help; surveys show clinicians often delay seeking it for themselves.',
    suits: { signals: ['any'], levels: ['warning'] },
  },
  // time-back skills
  {
    id: 'inbox-triage',
    title: 'Inbox triage rules',
    text: 'Set up two or three rules: results needing action to one folder, FYI messages to another, newsletters out of sight. Check the action folder at set times.',
    minutes: 15,
    category: 'time-back',
    evidence:
      'Inbox load goes with exhaustion in observational EHR studies; triage and team inbox models are promising but under-tested.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'hand-one-task-back',
    title: 'Hand one task back',
    text: 'Look at this week and pick one task someone else could do, or that could wait. Ask for it to move. One is enough to start.',
    minutes: 5,
    category: 'time-back',
    evidence:
      'Team-based care and task sharing go with lower clinician strain; evidence for individual delegation is limited.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  {
    id: 'protected-time',
    title: 'Block protected time',
    text: 'Put one 30-minute block in your calendar this week for admin or a real break, and treat it as fixed.',
    minutes: 2,
    category: 'time-back',
    evidence:
      'Protected time for documentation or breaks goes with better wellbeing in surveys; causal evidence is weak.',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
  // schedule and workload
  {
    id: 'ask-schedule-change',
    title: 'Ask for a schedule change',
    text: 'If your rota leaves little time to recover, such as quick returns or long runs of nights, it is reasonable to ask for a change. Bring one concrete request.',
    minutes: 10,
    category: 'workload',
    evidence: 'Quick returns between shifts go with poorer sleep and more sick leave in cohort studies.',
    suits: { signals: ['sleep', 'rhr', 'hrv'], levels: ['watch', 'warning'] },
  },
  {
    id: 'workload-conversation',
    title: 'Talk to your lead about workload',
    text: 'A short talk with your manager about what is on your plate is a normal part of work. Bring one example and one thing that would help.',
    minutes: 15,
    category: 'workload',
    evidence:
      'Organisation-directed changes show larger effects on clinician wellbeing than individual ones (Panagioti 2017 meta-analysis).',
    suits: { signals: ['any'], levels: ['watch', 'warning'] },
  },
];
