// The activity-bar container with its views, and a flow log file in the editor.
export const scenes = [
  {
    name: 'sidebar-and-editor',
    async run({ page, shot, openFile }) {
      await page.click('a[aria-label^="VPC Flow Logs"]');
      await page.waitForTimeout(800);
      await openFile('tutorial-vpc1-default.log');
      await page.waitForTimeout(1500);
      await shot('sidebar-and-editor');
    },
  },
];
