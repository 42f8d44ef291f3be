/**
 * What the services need from the outside world, in their own terms: the leads table with its versioned save and
 * uniqueness claims, the one atomic placement commit, the ops-edited reps, accounts and rules, the teams' turn state,
 * and the queues a lead travels on. The DynamoDB, SQS and SES implementations live in the adapters module
 * ({@code dev.leadrouter.aws.AwsPorts}); the in-memory ones, with the same conditions, in this module's test jar.
 */
package dev.leadrouter.port;
