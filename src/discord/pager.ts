import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType } from 'discord.js';

/** The index of the last page of `total` items, `perPage` a page; an empty list still has its one page. */
export function lastPage(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage)) - 1;
}

/** A page from a custom id may be out of range now (the list shrank): the nearest page that exists. */
export function clampPage(page: number, last: number): number {
  return Math.min(Math.max(page, 0), last);
}

/**
 * Previous and Next, carrying the page they lead to in their custom id so paging works after a restart.
 * The disabled one points at the page it would clamp to; with two pages or more the two ids always differ.
 */
export function pagerRow(
  idFor: (page: number) => string,
  current: number,
  last: number,
): APIActionRowComponent<APIButtonComponent> {
  const button = (label: string, target: number): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: idFor(clampPage(target, last)),
    disabled: clampPage(target, last) === current,
  });
  return { type: ComponentType.ActionRow, components: [button('Previous', current - 1), button('Next', current + 1)] };
}
