import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { TenureEvent } from '../TenureEvent.js';
import { eventVoided } from './correctionEvents.js';
import { collaboration, referral, review, surveyAnswered } from './feedbackEvents.js';
import { leadCaptured, leadContacted, leadDisqualified, leadQualified } from './leadEvents.js';
import { touchpoint } from './marketingEvents.js';
import { opportunityLost, opportunityOpened, opportunityWon } from './opportunityEvents.js';
import { purchase, refund } from './orderEvents.js';
import { customerForgotten, customerProfile } from './privacyEvents.js';
import {
  subscriptionCancelled,
  subscriptionChanged,
  subscriptionRenewed,
  subscriptionStarted,
} from './subscriptionEvents.js';
import { supportOpened, supportResolved } from './supportEvents.js';
import { usageFeature, usageLogin } from './usageEvents.js';

/** Every event type tenure understands out of the box, in life-cycle order. */
export const builtInEventTypes = [
  touchpoint,
  leadCaptured,
  leadContacted,
  leadQualified,
  leadDisqualified,
  opportunityOpened,
  opportunityWon,
  opportunityLost,
  purchase,
  refund,
  subscriptionStarted,
  subscriptionRenewed,
  subscriptionChanged,
  subscriptionCancelled,
  usageLogin,
  usageFeature,
  supportOpened,
  supportResolved,
  surveyAnswered,
  review,
  referral,
  collaboration,
  eventVoided,
  customerProfile,
  customerForgotten,
] as const;

/** The definition of one built-in event type (an element of {@link builtInEventTypes}). */
export type BuiltInEventDefinition = (typeof builtInEventTypes)[number];

/** Name of a built-in event type. */
export type BuiltInEventType = BuiltInEventDefinition['type'];

/** Payload of the built-in event type `TType`. */
export type EventData<TType extends BuiltInEventType> = StandardSchemaV1.InferOutput<
  Extract<BuiltInEventDefinition, { type: TType }>['schema']
>;

/** The discriminated union of every built-in event: narrow on `type` to get typed `data`. */
export type BuiltInEvent = {
  [TType in BuiltInEventType]: TenureEvent<TType, EventData<TType>>;
}[BuiltInEventType];
